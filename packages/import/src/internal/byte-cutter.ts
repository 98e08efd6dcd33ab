// Finds where records end in the raw bytes of a delimited file, so that the main thread can hand bytes to the
// worker threads without decoding them. It runs the state machine of the CSV engine (csv-parser.ts, `run` without
// collecting cells) on bytes: quotes, line breaks and the delimiter are ASCII, and in UTF-8 and Windows-1252 an
// ASCII byte is always that character (UTF-8's multi-byte sequences use bytes ≥ 0x80 only), so the boundaries,
// record counts and line counts are those of the decoded text. A property test checks it against the engine.

const QUOTE = 34
const LF = 10
const CR = 13

/** @internal Where the complete records of a byte run end. */
export interface ByteCut {
  /** Offset after the last complete record (0 when there is none). */
  end: number
  /** Records up to `end`, blank lines not counted (as the CSV engine counts them). */
  records: number
  /** Line breaks up to `end` (the line count the CSV engine advances by). */
  lines: number
}

/**
 * Cuts `bytes`, which start at a record boundary, after their last complete record. With `final`, the bytes are
 * the end of the file: a last record without a line break counts, and an unterminated quote stops the count (the
 * parser of the piece reports it).
 *
 * @internal
 */
export function cutRecords(bytes: Uint8Array, delimiter: number, final: boolean): ByteCut {
  const length = bytes.length
  let pos = 0
  let records = 0
  let lines = 0
  let nextQuote = bytes.indexOf(QUOTE)
  // Results of quotedRecordEnd: line breaks consumed, cells seen, and whether the only cell so far is empty.
  let consumed = 0
  let cells = 0
  let firstEmpty = false

  function quotedRecordEnd(start: number): number {
    let at = start
    let newline = bytes.indexOf(LF, start)
    consumed = 0
    cells = 0
    firstEmpty = false
    for (;;) {
      if (at < length && bytes[at] === QUOTE) {
        let from = at + 1
        let empty = true
        for (;;) {
          const q = bytes.indexOf(QUOTE, from)
          if (q === -1) return -1
          if (q + 1 >= length && !final) return -1
          if (bytes[q + 1] === QUOTE) {
            empty = false
            from = q + 2
            continue
          }
          if (q > from) empty = false
          for (let i = bytes.indexOf(LF, at + 1); i !== -1 && i < q; i = bytes.indexOf(LF, i + 1))
            consumed += 1
          at = q + 1
          break
        }
        // Text after a closing quote (`"a"b`) belongs to the cell, up to the next delimiter or line break.
        if (at < length) {
          const c = bytes[at]
          if (c !== delimiter && c !== LF && c !== CR) {
            let end = -1
            for (let i = at; i < length; i++) {
              const d = bytes[i]
              if (d === delimiter || d === LF || d === CR) {
                end = i
                break
              }
            }
            if (end === -1 && !final) return -1
            empty = false
            at = end === -1 ? length : end
          }
        }
        cells += 1
        if (cells === 1) firstEmpty = empty
      } else {
        if (newline !== -1 && newline < at) newline = bytes.indexOf(LF, at)
        if (nextQuote !== -1 && nextQuote < at) nextQuote = bytes.indexOf(QUOTE, at)
        if (newline !== -1 && (nextQuote === -1 || nextQuote > newline)) {
          // No quote before the line break: the rest are unquoted cells and the record ends there. Only whether
          // it has one cell, and whether that is empty, matters (for skipping blank records).
          const next = bytes.indexOf(delimiter, at)
          const first = cells === 0
          if (next === -1 || next > newline) {
            cells += 1
            if (first) firstEmpty = newline === at || (newline === at + 1 && bytes[at] === CR)
          } else {
            cells += 2
            if (first) firstEmpty = next === at
          }
          consumed += 1
          return newline + 1
        }
        const found = bytes.indexOf(delimiter, at)
        let end = found !== -1 && (newline === -1 || found < newline) ? found : newline
        if (end === -1) {
          if (!final) return -1
          cells += 1
          if (cells === 1) firstEmpty = at >= length
          return length
        }
        if (end === newline && end > at && bytes[end - 1] === CR) end -= 1
        cells += 1
        if (cells === 1) firstEmpty = end === at
        at = end
      }
      if (at >= length) {
        if (!final) return -1
        return length
      }
      const c = bytes[at]
      if (c === delimiter) {
        at += 1
        if (at >= length && final) {
          cells += 1
          return length
        }
        continue
      }
      if (c === CR) {
        if (at + 1 >= length && !final) return -1
        consumed += 1
        return bytes[at + 1] === LF ? at + 2 : at + 1
      }
      consumed += 1
      return at + 1
    }
  }

  while (pos < length) {
    let newline = bytes.indexOf(LF, pos)
    if (nextQuote !== -1 && nextQuote < pos) nextQuote = bytes.indexOf(QUOTE, pos)
    if (nextQuote === -1 || (newline !== -1 && nextQuote > newline)) {
      if (newline === -1) {
        if (!final) break
        newline = length
      }
      let end = newline
      if (end > pos && bytes[end - 1] === CR) end -= 1
      if (end > pos) records += 1
      lines += 1
      pos = newline + 1
      continue
    }
    const next = quotedRecordEnd(pos)
    if (next === -1) break
    if (!(cells === 1 && firstEmpty && next - pos <= 2)) records += 1
    lines += consumed
    pos = next
  }
  return { end: Math.min(pos, length), records, lines }
}
