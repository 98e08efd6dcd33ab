// Name-parsing accuracy on our name table (test/fixtures/names.ts) beside humanparser and parse-full-name,
// the two most used name parsers on npm. Each parser's first, middle and last name (and suffix) are compared
// with the expected parts; titles and salutations are not compared because the peers merge them.
import { createRequire } from 'node:module'
import { parseName } from '../src/index.js'
import { NAME_CASES } from '../test/fixtures/names.js'

interface Parts {
  first: string
  middle: string
  last: string
  suffix: string
}

const require = createRequire(import.meta.url)
const humanparser = require('humanparser') as {
  parseName(text: string): { firstName?: string; middleName?: string; lastName?: string; suffix?: string }
}
const { parseFullName } = require('parse-full-name') as {
  parseFullName(text: string): { first?: string; middle?: string; last?: string; suffix?: string }
}

const parsers: Record<string, (text: string, locale?: string) => Parts> = {
  '@contactkit/normalize': (text, locale) => {
    const name = parseName(text, locale ? { locale } : {})
    return {
      first: name.firstName ?? '',
      middle: name.middleName ?? '',
      last: name.lastName ?? '',
      suffix: name.suffix ?? '',
    }
  },
  humanparser: (text) => {
    const name = humanparser.parseName(text)
    return {
      first: name.firstName ?? '',
      middle: name.middleName ?? '',
      last: name.lastName ?? '',
      suffix: name.suffix ?? '',
    }
  },
  'parse-full-name': (text) => {
    const name = parseFullName(text)
    return {
      first: name.first ?? '',
      middle: name.middle ?? '',
      last: name.last ?? '',
      suffix: name.suffix ?? '',
    }
  },
}

function safely(parse: (text: string, locale?: string) => Parts, text: string, locale?: string): Parts {
  try {
    return parse(text, locale)
  } catch {
    return { first: '', middle: '', last: '', suffix: '' }
  }
}

const rows: string[] = []
for (const [name, parse] of Object.entries(parsers)) {
  let firstLast = 0
  let allParts = 0
  for (const item of NAME_CASES) {
    const got = safely(parse, item.input, item.locale)
    const want = item.expected
    const firstAndLast = got.first === (want.firstName ?? '') && got.last === (want.lastName ?? '')
    if (firstAndLast) firstLast++
    if (firstAndLast && got.middle === (want.middleName ?? '') && got.suffix === (want.suffix ?? ''))
      allParts++
  }
  const percent = (count: number) => `${((100 * count) / NAME_CASES.length).toFixed(1)} %`
  rows.push(`| ${name} | ${percent(firstLast)} | ${percent(allParts)} |`)
}

console.log(
  `Name-parsing accuracy on ${NAME_CASES.length} cases (German, English, French, Dutch, Spanish, Italian, Turkish, Polish)`,
)
console.log('| parser | first + last exact | first + middle + last + suffix exact |')
console.log('| --- | --- | --- |')
for (const row of rows) console.log(row)
