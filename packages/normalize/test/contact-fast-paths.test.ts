// Fast paths inside normalizeContact must not change what it returns: each is checked against the general path
// it skips.
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { compactNumber } from '../src/address.js'
import { analyzeEmail, cleanMailbox, mailboxProblem } from '../src/email.js'
import { normalizeEmail, splitPhones } from '../src/index.js'
import { SALUTATIONS, SUFFIXES, TITLES } from '../src/internal/name-data.js'
import { cleanText } from '../src/internal/text.js'
import { isKnownWord, lookup, matchTitle, matchTitleEntry } from '../src/name.js'
import { splitPhonesGenerally } from '../src/phone.js'
import { EMAIL_CASES } from './fixtures/emails.js'
import { PHONE_CASES } from './fixtures/phones.js'
import { referenceMailboxProblem, referenceMatchTitle } from './reference/parts.js'

const latin1Letters = Array.from({ length: 0x100 - 0xc0 }, (_, index) => String.fromCharCode(0xc0 + index))

describe('splitPhones', () => {
  const plain = fc.string({ unit: fc.constantFrom(...'0123456789 +().-'), maxLength: 30 })
  const cells = fc.oneof(
    plain,
    fc.constantFrom(...PHONE_CASES.map((item) => item.input)),
    fc.string({
      unit: fc.constantFrom(...'0123456789 +().-/,;|xX', 'oder', 'Fax ', 'Tel. ', '\n'),
      maxLength: 30,
    }),
    fc.string({ maxLength: 30 }),
  )

  it('keeps a plainly written number whole', () => {
    expect(splitPhones('+49 (0)89 123 45-67')).toEqual(['+49 (0)89 123 45-67'])
    expect(splitPhones('  ')).toEqual([])
  })

  test.prop([cells], { numRuns: 1000 })('agrees with the general split', (cell) => {
    expect(splitPhones(cell)).toStrictEqual(splitPhonesGenerally(cleanText(cell)))
  })
})

describe('bare email addresses', () => {
  const atom = fc.string({
    unit: fc.constantFrom(...'abcXYZ019_%+-', ...latin1Letters),
    minLength: 1,
    maxLength: 8,
  })
  const label = fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/)
  const bare = fc
    .tuple(fc.array(atom, { minLength: 1, maxLength: 3 }), fc.array(label, { minLength: 2, maxLength: 3 }))
    .map(([locals, labels]) => `${locals.join('.')}@${labels.join('.')}`)

  it('reads Jürgen’s address without the clean-up', () => {
    expect(cleanMailbox('jürgen.3@muster-3.de')).toEqual(['jürgen.3@muster-3.de', undefined])
    expect(normalizeEmail('jürgen.3@muster-3.de')).toMatchObject({
      address: 'jürgen.3@muster-3.de',
      valid: true,
    })
  })

  // The fast path hands a bare address to the syntax checks as it is; the clean-up it skips must leave it so.
  test.prop([bare], { numRuns: 1000 })('are left as they are by the clean-up they skip', (text) => {
    expect(cleanMailbox(text)).toStrictEqual([text, undefined])
  })
})

describe('analyzeEmail without flags', () => {
  const texts = fc.oneof(
    fc.constantFrom(...EMAIL_CASES.map((item) => item.input)),
    fc.string({
      unit: fc.constantFrom(...'abc.+@-_<>" ', 'gmail.com', 'info', 'mailinator.com'),
      maxLength: 30,
    }),
    fc.string({ maxLength: 30 }),
  )

  test.prop([texts], { numRuns: 600 })(
    'differs from normalizeEmail only in role, freeMail and matchKey',
    (text) => {
      const { role: _role, freeMail: _freeMail, matchKey: _matchKey, ...rest } = normalizeEmail(text)
      expect(analyzeEmail(text, false)).toStrictEqual({ ...rest, role: false, freeMail: false })
    },
  )
})

describe('mailboxProblem', () => {
  const local = fc.oneof(
    fc.stringMatching(/^[a-z0-9.+_-]{1,70}$/),
    fc.constantFrom('anna', 'jürgen', '"john doe"', 'a..b', '.a', 'ł'.repeat(40)),
  )
  const label = fc.oneof(
    fc.stringMatching(/^[a-z0-9-]{0,12}$/),
    fc.constantFrom('x'.repeat(63), 'x'.repeat(64), '-a', 'a-', '1', '12', 'A', 'de', 'xn--p1ai', 'a_b'),
  )
  const domain = fc.oneof(
    fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.')),
    fc.constantFrom(
      '',
      'de',
      'muster.de',
      `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.de`,
    ),
    fc.string({ maxLength: 20 }),
  )

  test.prop([local, domain], { numRuns: 2000 })(
    'gives the reasons of the label-by-label checks',
    (text, host) => {
      expect(mailboxProblem(text, host)).toBe(referenceMailboxProblem(text, host))
    },
  )
})

describe('matchTitleEntry', () => {
  const words = fc.constantFrom(
    'Prof.',
    'Dr.',
    'med.',
    'Dr.-Ing.',
    'Dipl.-Ing.',
    'Dipl.',
    'Ing.',
    'rer.',
    'nat.',
    'h.c.',
    'mult.',
    'Mag.',
    'PhD',
    'Sir',
    'Con',
    'structor',
    'constructor',
    '__proto__',
    '__',
    'proto',
    'Anna',
    'Becker',
    'DR',
    'dr',
    '.',
  )
  const tokens = fc.array(words, { minLength: 1, maxLength: 6 })

  it('finds Prof. Dr. med. as one title', () => {
    expect(matchTitleEntry(['Prof.', 'Dr.', 'med.', 'Anna'], 0)).toEqual(
      referenceMatchTitle(['Prof.', 'Dr.', 'med.', 'Anna'], 0),
    )
  })

  it('is what matchTitle extends with a faculty or shortens before a name', () => {
    expect(matchTitleEntry(['Prof.', 'Dr.', 'rer.', 'nat.', 'Anna'], 0)).toEqual({
      canonical: 'Prof. Dr.',
      length: 2,
    })
    expect(matchTitle(['Prof.', 'Dr.', 'rer.', 'nat.', 'Anna'], 0)).toEqual({
      canonical: 'Prof. Dr. rer. nat.',
      length: 4,
    })
    expect(matchTitleEntry(['Dr.', 'Phil', 'Collins'], 0)).toEqual({ canonical: 'Dr. phil.', length: 2 })
    expect(matchTitle(['Dr.', 'Phil', 'Collins'], 0)).toEqual({ canonical: 'Dr.', length: 1 })
  })

  test.prop([tokens, fc.nat(5)], { numRuns: 3000 })(
    'finds what the longest-first search finds',
    (list, at) => {
      const start = at % list.length
      expect(matchTitleEntry(list, start)).toStrictEqual(referenceMatchTitle(list, start))
    },
  )
})

describe('name table lookups', () => {
  const keys = fc.oneof(
    fc.constantFrom(
      ...Object.keys(TITLES),
      ...Object.keys(SUFFIXES),
      ...Object.keys(SALUTATIONS),
      ...Object.getOwnPropertyNames(Object.prototype),
      'constructor',
      '__proto__',
      'tostring',
      'anna',
      '',
    ),
    fc.string({ maxLength: 12 }),
  )
  const tables = [TITLES, SUFFIXES, SALUTATIONS] as Record<string, unknown>[]
  const maps = tables.map((table) => new Map(Object.entries(table)))

  test.prop([keys], { numRuns: 2000 })('read what the plain objects hold or inherit', (key) => {
    tables.forEach((table, index) => {
      expect(lookup(maps[index] as Map<string, unknown>, table, key)).toBe(table[key])
    })
    expect(isKnownWord(key)).toBe(key in TITLES || key in SUFFIXES || key in SALUTATIONS)
  })
})

describe('compactNumber', () => {
  const numbers = fc.oneof(
    fc.stringMatching(/^\d{1,5}$/),
    fc.string({ unit: fc.constantFrom(...'0123456789 aAbB-–/'), maxLength: 8 }),
    fc.string({ maxLength: 8 }),
  )

  test.prop([numbers], { numRuns: 1000 })('gives what the three replacements give', (text) => {
    const expected = text
      .replace(/\s+/g, '')
      .replace(/–/g, '-')
      .replace(/[A-Z]$/, (letter) => letter.toLowerCase())
    expect(compactNumber(text)).toBe(expected)
  })
})
