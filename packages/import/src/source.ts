import { ImportError } from './error.js'

/**
 * What {@link importContacts} reads: bytes, a `Blob`/`File`, a Node.js readable stream (or any async iterable
 * of byte chunks) or a web `ReadableStream`.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs'
 * const fromDisk: ImportSource = createReadStream('kontakte.csv')
 * const fromUpload: ImportSource = new Uint8Array([0x61, 0x3b, 0x62, 0x0a])
 * ```
 */
export type ImportSource =
  | Uint8Array
  | ArrayBuffer
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>

const SLICE = 1024 * 1024

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream | null)?.getReader === 'function'
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array | string> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function'
}

/**
 * Turns any {@link ImportSource} into byte chunks of at most 1 MiB (so progress, limits and cancellation act
 * often), enforcing `maxBytes`.
 *
 * @internal
 */
export async function* byteChunks(
  source: ImportSource,
  maxBytes: number,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let total = 0
  const account = (chunk: Uint8Array): Uint8Array => {
    throwIfAborted(signal)
    total += chunk.byteLength
    if (total > maxBytes) {
      throw new ImportError('IMPORT_FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes`, {
        details: { maxBytes },
      })
    }
    return chunk
  }
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const bytes = source instanceof Uint8Array ? source : new Uint8Array(source)
    if (bytes.byteLength > maxBytes) account(bytes)
    for (let offset = 0; offset < bytes.byteLength; offset += SLICE) {
      yield account(bytes.subarray(offset, offset + SLICE))
    }
    return
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    if (source.size > maxBytes) account(new Uint8Array(source.size))
    yield* byteChunks(source.stream(), maxBytes, signal)
    return
  }
  if (isReadableStream(source)) {
    const reader = source.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return
        yield* slices(account(toBytes(value)))
      }
    } finally {
      // Leaving early (a limit, an abort, a consumer's break) cancels the upstream instead of draining it.
      await reader.cancel().catch(() => undefined)
      reader.releaseLock()
    }
  }
  if (isAsyncIterable(source)) {
    for await (const chunk of source) yield* slices(account(toBytes(chunk)))
    return
  }
  throw new ImportError(
    'IMPORT_INVALID_OPTIONS',
    'The source must be bytes, a Blob, a Node.js readable stream or a web ReadableStream',
  )
}

function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  if (bytes.byteLength <= SLICE) {
    yield bytes
    return
  }
  for (let offset = 0; offset < bytes.byteLength; offset += SLICE)
    yield bytes.subarray(offset, offset + SLICE)
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk
  if (typeof chunk === 'string') return new TextEncoder().encode(chunk)
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk)
  throw new ImportError('IMPORT_INVALID_OPTIONS', 'A stream chunk was neither bytes nor a string')
}

/** @internal Throws `IMPORT_ABORTED` once the signal fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new ImportError('IMPORT_ABORTED', 'The import was cancelled', { cause: signal.reason })
  }
}
