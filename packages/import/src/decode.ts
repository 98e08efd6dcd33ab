import iconv from 'iconv-lite'
import { ImportError } from './error.js'

/**
 * Text encodings the importer reads and writes.
 *
 * @example
 * ```ts
 * const encoding: TextEncodingName = 'windows-1252'
 * ```
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

/** @internal A streaming decoder: bytes in, text out, the BOM dropped. */
export interface TextChunkDecoder {
  write(bytes: Uint8Array): string
  end(): string
}

/**
 * Creates a streaming decoder. UTF-8 is decoded strictly once `strict` is set, so a Windows-1252 byte found
 * after the sniffed window is reported instead of turning silently into U+FFFD. Windows-1252 goes through
 * iconv-lite because Node 20's `TextDecoder('windows-1252')` maps 0x80–0x9F (€, „, “) wrongly.
 *
 * @internal
 */
export function createTextDecoder(encoding: TextEncodingName, strict: boolean): TextChunkDecoder {
  if (encoding === 'utf-8' || encoding === 'utf-16le') {
    const decoder = new TextDecoder(encoding, { fatal: strict, ignoreBOM: false })
    let offset = 0
    return {
      write(bytes) {
        try {
          const text = decoder.decode(bytes, { stream: true })
          offset += bytes.byteLength
          return text
        } catch (error) {
          throw invalidText(encoding, offset, error)
        }
      },
      end() {
        try {
          return decoder.decode()
        } catch (error) {
          throw invalidText(encoding, offset, error)
        }
      },
    }
  }
  const decoder = iconv.getDecoder(encoding === 'utf-16be' ? 'utf-16be' : 'windows-1252', { stripBOM: true })
  let first = true
  return {
    write(bytes) {
      let text = decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      // iconv-lite strips a BOM only for BOM-aware codecs; utf-16be keeps it.
      if (first && text.length > 0) {
        first = false
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      }
      return text
    },
    end() {
      return decoder.end() ?? ''
    },
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Decodes a piece cut from the middle of a UTF-8 or Windows-1252 file at a record boundary: strictly, and with a
 * U+FEFF at its start kept as a character (only the file's first bytes can be a BOM). `offset` is the piece's
 * position in the file, for the error.
 *
 * @internal
 */
export function decodePiece(bytes: Uint8Array, encoding: 'utf-8' | 'windows-1252', offset: number): string {
  if (encoding === 'windows-1252')
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252', {
      stripBOM: false,
    })
  try {
    return strictUtf8.decode(bytes)
  } catch (error) {
    throw invalidText(encoding, offset, error)
  }
}

/**
 * Decodes a whole buffer.
 *
 * @internal
 */
export function decodeText(bytes: Uint8Array, encoding: TextEncodingName): string {
  const decoder = createTextDecoder(encoding, false)
  return decoder.write(bytes) + decoder.end()
}

function invalidText(encoding: string, offset: number, cause: unknown): ImportError {
  return new ImportError(
    'IMPORT_MALFORMED',
    `The file is not valid ${encoding} after byte ${offset}; pass the right \`encoding\` option (e.g. 'windows-1252')`,
    { details: { byteOffset: offset, encoding }, cause },
  )
}
