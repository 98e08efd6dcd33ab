import { describe, expect, it } from 'vitest'
import { contact } from '../test/helpers.js'
import { createMatcher } from './matcher.js'
import { generateContactStream, generateContacts } from './synthetic.js'

describe('findDuplicates', () => {
  it('clusters a CRM contact with its business card and keeps a stranger apart', async () => {
    const matcher = createMatcher()
    const contacts = [
      contact({
        id: 'crm-1',
        firstName: 'Jürgen',
        lastName: 'Groß',
        company: 'Groß Metallbau GmbH',
        emails: [{ value: 'j.gross@gross-metall.de' }],
      }),
      contact({
        id: 'card-1',
        firstName: 'Juergen',
        lastName: 'Gross',
        company: 'Groß Metallbau GmbH & Co. KG',
        emails: [{ value: 'J.Gross@gross-metall.de' }],
      }),
      contact({
        id: 'crm-2',
        firstName: 'Anna',
        lastName: 'Schmidt',
        company: 'Schmidt Druck KG',
        emails: [{ value: 'anna@schmidt-druck.de' }],
      }),
    ]
    const progress: string[] = []
    const result = await matcher.findDuplicates(contacts, { onProgress: (p) => progress.push(p.phase) })
    expect(result.clusters).toEqual([{ ids: ['crm-1', 'card-1'], probability: expect.any(Number) }])
    expect(result.pairs).toHaveLength(1)
    expect(result.pairs[0]).toMatchObject({ a: 'crm-1', b: 'card-1', verdict: 'duplicate' })
    expect(new Set(progress)).toEqual(new Set(['features', 'blocking', 'scoring', 'clustering']))
  })

  it('does not chain A and C through a bridge record B (A~B, B~C, A≁C)', async () => {
    const matcher = createMatcher()
    // B shares A's email and C's phone; A and C are different people.
    const a = contact({
      id: 'A',
      firstName: 'Hans',
      lastName: 'Becker',
      emails: [{ value: 'h.becker@becker-bau.de' }],
      company: 'Becker Bau GmbH',
    })
    const b = contact({
      id: 'B',
      firstName: 'Hans',
      lastName: 'Becker',
      emails: [{ value: 'h.becker@becker-bau.de' }],
      phones: [{ value: '+49911555123' }],
      company: 'Becker Bau GmbH',
    })
    const c = contact({
      id: 'C',
      firstName: 'Helga',
      lastName: 'Becker',
      phones: [{ value: '+49911555123' }],
      company: 'Becker Bau GmbH',
      emails: [{ value: 'helga@becker-bau.de' }],
    })
    expect(matcher.compare(a, c).probability).toBeLessThan(0.5)
    const result = await matcher.findDuplicates([a, b, c])
    const ab = result.pairs.find((pair) => pair.a === 'A' && pair.b === 'B')
    const bc = result.pairs.find((pair) => pair.a === 'B' && pair.b === 'C')
    expect(ab?.verdict).toBe('duplicate')
    expect(bc?.probability).toBeGreaterThan(0.95)
    expect(result.clusters.some((cluster) => cluster.ids.includes('A') && cluster.ids.includes('C'))).toBe(
      false,
    )
    expect(result.conflicts).toHaveLength(1)
    expect(result.conflicts[0]?.blockedBy.sort()).toEqual(['A', 'C'])
  })

  it('rejects duplicate ids and non-contacts with typed errors', async () => {
    const matcher = createMatcher()
    await expect(matcher.findDuplicates([contact({ id: 'x' }), contact({ id: 'x' })])).rejects.toMatchObject({
      code: 'MATCH_DUPLICATE_ID',
    })
    await expect(matcher.findDuplicates([42 as never])).rejects.toMatchObject({
      code: 'MATCH_INVALID_CONTACT',
    })
    await expect(matcher.findDuplicates([contact({}), contact({})], { maxRecords: 1 })).rejects.toMatchObject(
      { code: 'MATCH_LIMIT_EXCEEDED' },
    )
  })

  it('finds the same pairs with a worker thread as in the calling thread', async () => {
    const { contacts } = generateContacts({ count: 2500, seed: 3 })
    const inThread = await createMatcher({ workers: 0 }).findDuplicates(contacts)
    const threaded = await createMatcher({ workers: 1, maxBlockSize: 2500 }).findDuplicates(contacts)
    expect(inThread.stats.workers).toBe(0)
    expect(threaded.stats.workers).toBe(1)
    const key = (pairs: { a: string; b: string }[]) => new Set(pairs.map((pair) => `${pair.a}|${pair.b}`))
    const threadedKeys = key(threaded.pairs)
    for (const pair of key(inThread.pairs)) expect(threadedKeys.has(pair)).toBe(true)
  }, 60_000) // the worker compiles the TypeScript sources with tsx first

  it('gives the same result for an iterable, an async iterable and an array of the same contacts', async () => {
    const { contacts } = generateContacts({ count: 3000, seed: 11 })
    const matcher = createMatcher({ workers: 0 })
    const fromArray = await matcher.findDuplicates(contacts)
    const fromGenerator = await matcher.findDuplicates(generateContactStream({ count: 3000, seed: 11 }))
    // Pages of 500 rows as a database cursor would deliver them.
    async function* pages() {
      for (let start = 0; start < contacts.length; start += 500) {
        await new Promise((resolve) => setImmediate(resolve))
        yield* contacts.slice(start, start + 500)
      }
    }
    const progress: { phase: string; done: number; total: number }[] = []
    const fromCursor = await matcher.findDuplicates(pages(), { onProgress: (p) => progress.push({ ...p }) })
    expect(fromArray.pairs.length).toBeGreaterThan(500)
    expect(fromGenerator).toEqual(fromArray)
    expect(fromCursor).toEqual(fromArray)
    // A stream's size is unknown while it is read; the phase's last report gives it.
    expect(progress.filter((p) => p.phase === 'features')).toEqual([
      { phase: 'features', done: 0, total: 0 },
      { phase: 'features', done: 3000, total: 3000 },
    ])
  })

  it('rejects a source that is not iterable, and a stream past maxRecords or with a repeated id', async () => {
    const matcher = createMatcher()
    await expect(matcher.findDuplicates({ id: 'c1' } as never)).rejects.toMatchObject({
      code: 'MATCH_INVALID_CONTACT',
    })
    await expect(matcher.findDuplicates(42 as never)).rejects.toMatchObject({ code: 'MATCH_INVALID_CONTACT' })
    await expect(
      matcher.findDuplicates(generateContactStream({ count: 50, seed: 1 }), { maxRecords: 49 }),
    ).rejects.toMatchObject({ code: 'MATCH_LIMIT_EXCEEDED', details: { records: 50, maxRecords: 49 } })
    async function* repeated() {
      yield contact({ id: 'crm-7', lastName: 'Weiß' })
      yield contact({ id: 'crm-7', lastName: 'Weiss' })
    }
    await expect(matcher.findDuplicates(repeated())).rejects.toMatchObject({
      code: 'MATCH_DUPLICATE_ID',
      details: { id: 'crm-7', index: 1 },
    })
  })
})
