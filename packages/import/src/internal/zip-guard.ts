import { inflateRawSync } from 'node:zlib'
import { ImportError } from '../error.js'

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

function tooLarge(maxUncompressedBytes: number, reason: string): ImportError {
  return new ImportError(
    'IMPORT_FILE_TOO_LARGE',
    `The workbook inflates beyond ${maxUncompressedBytes} bytes (${reason}); it may be a zip bomb`,
    { details: { maxUncompressedBytes } },
  )
}

function malformed(reason: string): ImportError {
  return new ImportError('IMPORT_MALFORMED', `The workbook's zip structure is broken: ${reason}`)
}

/**
 * Refuses a zip (xlsx, ods) whose parts inflate beyond the limit, before SheetJS inflates anything. Declared
 * sizes in the central directory are summed first; then each part is actually inflated with an output cap of
 * its declared size, because a crafted archive can declare less than it holds.
 *
 * @internal
 */
export function assertZipWithinLimit(bytes: Uint8Array, maxUncompressedBytes: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let eocd = -1
  for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at
      break
    }
  }
  if (eocd === -1) throw malformed('no end of central directory')
  const entries = view.getUint16(eocd + 10, true)
  const directoryOffset = view.getUint32(eocd + 16, true)
  if (entries === 0xffff || directoryOffset === 0xffffffff)
    throw tooLarge(maxUncompressedBytes, 'ZIP64 archive')
  const parts: { method: number; compressed: number; uncompressed: number; local: number }[] = []
  let declared = 0
  let at = directoryOffset
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== CENTRAL)
      throw malformed('bad central directory entry')
    const method = view.getUint16(at + 10, true)
    const compressed = view.getUint32(at + 20, true)
    const uncompressed = view.getUint32(at + 24, true)
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    const local = view.getUint32(at + 42, true)
    if (uncompressed === 0xffffffff || compressed === 0xffffffff)
      throw tooLarge(maxUncompressedBytes, 'ZIP64 entry')
    declared += uncompressed
    if (declared > maxUncompressedBytes) throw tooLarge(maxUncompressedBytes, 'declared sizes')
    parts.push({ method, compressed, uncompressed, local })
    at += 46 + nameLength + extraLength + commentLength
  }
  for (const part of parts) {
    if (part.local + 30 > bytes.byteLength || view.getUint32(part.local, true) !== LOCAL)
      throw malformed('bad local header')
    const start =
      part.local + 30 + view.getUint16(part.local + 26, true) + view.getUint16(part.local + 28, true)
    const data = bytes.subarray(start, start + part.compressed)
    if (part.method === 0) {
      if (part.compressed !== part.uncompressed) throw tooLarge(maxUncompressedBytes, 'stored size mismatch')
      continue
    }
    if (part.method !== 8) throw malformed(`compression method ${part.method}`)
    let actual: number
    try {
      actual = inflateRawSync(data, { maxOutputLength: Math.max(1, part.uncompressed) }).byteLength
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw tooLarge(maxUncompressedBytes, 'a part holds more than it declares')
      }
      throw malformed('a part does not inflate')
    }
    if (actual !== part.uncompressed) throw malformed('a part inflates to another size than declared')
  }
}
