import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { parseName } from '../src/index.js'

// Degrees and faculties as German, Austrian and Swiss business cards print them, with the canonical spelling.
const DEGREES: [written: string, canonical: string][] = [
  ['Dr.', 'Dr.'],
  ['Dr.-Ing.', 'Dr.-Ing.'],
  ['Prof. Dr.', 'Prof. Dr.'],
  ['Prof.Dr.', 'Prof. Dr.'],
  ['Mag.', 'Mag.'],
]
const FACULTIES: [written: string, canonical: string][] = [
  ['rer. nat.', 'rer. nat.'],
  ['rer.nat.', 'rer. nat.'],
  ['rer. pol.', 'rer. pol.'],
  ['phil.', 'phil.'],
  ['jur.', 'jur.'],
  ['sc. techn.', 'sc. techn.'],
  ['h.c.', 'h. c.'],
  ['E.h.', 'E. h.'],
  ['med. vet.', 'med. vet.'],
]
const GIVEN = ['Anna', 'Jürgen', 'Hans-Peter', 'Özlem', 'Ute', 'Phil', 'Med']
const FAMILY = ['Müller', 'Schäfer', 'von der Heide', 'Groß', 'Nguyen']

describe('degree titles with a faculty', () => {
  test.prop([
    fc.constantFrom(...DEGREES),
    fc.constantFrom(...FACULTIES),
    fc.boolean(),
    fc.constantFrom(...GIVEN),
    fc.constantFrom(...FAMILY),
  ])(
    'keep the faculty in the title and the names whole',
    ([degree, degreeCanonical], [faculty, facultyCanonical], habil, given, family) => {
      const title = `${degreeCanonical} ${facultyCanonical}${habil ? ' habil.' : ''}`
      const parsed = parseName(`${degree} ${faculty}${habil ? ' habil.' : ''} ${given} ${family}`)
      expect(parsed.title).toBe(title)
      expect(parsed.firstName).toBe(given)
      expect(parsed.lastName).toBe(family)
      expect(parsed.middleName).toBeUndefined()
    },
  )
})
