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
const DIGITISH = /[0-9OoIl|]/

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

// Inside runs of phone characters with enough real digits, letters that look like digits become digits.
function repairDigits(line: string): string {
  let out = ''
  let i = 0
  while (i < line.length) {
    const ch = line[i] as string
    if (!DIGITISH.test(ch) && ch !== '+' && ch !== '(') {
      out += ch
      i++
      continue
    }
    let j = i
    while (j < line.length && (DIGITISH.test(line[j] as string) || ' +()/-.'.includes(line[j] as string))) j++
    const run = line.slice(i, j)
    let digits = 0
    let lookalikes = 0
    for (const c of run) {
      if (c >= '0' && c <= '9') digits++
      else if (DIGITISH.test(c)) lookalikes++
    }
    // Only repair runs that are clearly numbers: mostly real digits, lookalikes not forming a word.
    const glued =
      (i > 0 && /\p{L}/u.test(line[i - 1] as string)) || (j < line.length && /\p{L}/u.test(line[j] as string))
    if (digits >= 4 && lookalikes > 0 && lookalikes * 3 <= digits && !glued) {
      out += run.replace(/[Oo]/g, '0').replace(/[Il|]/g, '1')
    } else {
      out += run
    }
    i = j
  }
  return out
}
