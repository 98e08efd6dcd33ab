// Repairs of typical OCR misreads in business-card text.

const LABEL_FIXES: [RegExp, string][] = [
  [/\bTe[1Il|]\b\.?/g, 'Tel.'],
  [/\bTe[1Il|]efon\b/gi, 'Telefon'],
  [/\bMobi[1I|]\b/g, 'Mobil'],
  [/\bE-?Mai[1I|]\b/gi, 'E-Mail'],
  [/\bEma[1I|][1Il|]\b/gi, 'Email'],
  [/\bTe[1Il|]efax\b/gi, 'Telefax'],
  [/\bFon\b/g, 'Fon'],
]

/**
 * Fixes OCR misreads: `Te1:` → `Tel.:`, `O`/`o` read for `0` and `l`/`I`/`|` read for `1` inside phone
 * numbers and postcodes, `(at)` and `,` inside e-mail addresses, stray spaces in `www. x.de`.
 *
 * @internal
 */
export function repairOcrLine(line: string): string {
  let text = line
  for (const [pattern, replacement] of LABEL_FIXES) text = text.replace(pattern, replacement)
  text = text.replace(/\s?\((?:at|ät)\)\s?|\s?\[at\]\s?/gi, '@')
  text = text.replace(/ ?@ ?/g, '@')
  text = text.replace(/\bwww\. /gi, 'www.')
  // `name@beispiel,de` → `name@beispiel.de`
  text = text.replace(/(@[\w-]+),(\w{2,4})\b/g, '$1.$2')
  return repairDigits(text)
}

// Unicode patterns live at module level: a build for Node 20 turns `\p{…}` literals into `new RegExp` calls.
const UPPER_START = /^\p{Lu}/u
const WORD_ONLY = /^[\p{L}.'-]+$/u
const NUMERIC_TOKEN = /^[0-9OoIl|+()/.\-–]+$/
const POSTCODE_TOKEN = /^(?:[A-Z]{1,2}-)?[0-9OoIlS|]{4,5}$/
const LOOKALIKE = /[OoIl|S]/g

// A bar standing alone separates two fields (`Tel. 0221 123456 | Mobil 0171 …`, as cards print it); only a bar
// inside or against a number is a misread `1`.
function isNumberToken(token: string): boolean {
  return token.length > 0 && token !== '|' && NUMERIC_TOKEN.test(token)
}

function countDigits(text: string): number {
  let count = 0
  for (const ch of text) if (ch >= '0' && ch <= '9') count++
  return count
}

function toDigits(token: string): string {
  return token.replace(LOOKALIKE, (ch) => (ch === 'O' || ch === 'o' ? '0' : ch === 'S' ? '5' : '1'))
}

// Letters that look like digits become digits where the context is clearly numeric: runs of number
// tokens (phone numbers), postcode-shaped tokens, and a short house number after or before a street name.
function repairDigits(line: string): string {
  const tokens = line.split(' ')
  const out = [...tokens]
  let i = 0
  while (i < tokens.length) {
    if (!isNumberToken(tokens[i] as string)) {
      i++
      continue
    }
    let j = i
    while (j < tokens.length && isNumberToken(tokens[j] as string)) j++
    const run = tokens.slice(i, j).join(' ')
    const digits = countDigits(run)
    const lookalikes = run.length - run.replace(/[OoIl|]/g, '').length
    if (
      lookalikes > 0 &&
      ((j - i >= 2 && digits >= 3 && lookalikes <= digits * 2) || (digits >= 3 && lookalikes <= digits))
    ) {
      for (let k = i; k < j; k++)
        out[k] = (tokens[k] as string).replace(/[OoIl|]/g, (ch) => (ch === 'O' || ch === 'o' ? '0' : '1'))
    }
    i = j
  }
  for (let k = 0; k < out.length; k++) {
    const token = out[k] as string
    const next = out[k + 1]
    const previous = out[k - 1]
    if (
      POSTCODE_TOKEN.test(token) &&
      countDigits(token) >= 2 &&
      next !== undefined &&
      UPPER_START.test(next)
    ) {
      const dash = token.indexOf('-')
      out[k] = dash < 0 ? toDigits(token) : token.slice(0, dash + 1) + toDigits(token.slice(dash + 1))
    } else if (/^[0-9OIl]{1,4}[a-z]?$/.test(token) && countDigits(token) >= 1 && /[OIl]/.test(token)) {
      // "Parkallee l2" / "1O Fleet Street"
      const afterStreet =
        k === out.length - 1 && previous !== undefined && previous.length >= 3 && WORD_ONLY.test(previous)
      const beforeStreet = k === 0 && next !== undefined && UPPER_START.test(next)
      if (afterStreet || beforeStreet) out[k] = token.replace(/[OIl]/g, (ch) => (ch === 'O' ? '0' : '1'))
    } else if (
      /^[lIO][A-Z]{2}$/.test(token) &&
      previous !== undefined &&
      /^[A-Z]{1,2}[0-9O][A-Z0-9]?$/.test(previous)
    ) {
      // British inward code: "EC4Y lAA"
      out[k] = (token[0] === 'O' ? '0' : '1') + token.slice(1)
    }
  }
  return out.join(' ')
}
