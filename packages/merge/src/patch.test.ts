import { describe, expect, it } from 'vitest'
import { crmRecord, empty } from '../test/fixtures/contacts.js'
import { isMergeError } from './error.js'
import { applyPatch, type JsonPatchOperation, toFieldUpdate, toPatch, toPointerSegment } from './patch.js'

function failure(run: () => unknown) {
  try {
    run()
  } catch (error) {
    if (isMergeError(error)) return { code: error.code, message: error.message, details: error.details }
    throw error
  }
  throw new Error('expected a MergeError')
}

describe('toPatch', () => {
  it('patches a changed detail of one phone in place instead of replacing the list', () => {
    const merged = {
      ...crmRecord,
      phones: [
        { value: '+49891234567', kind: 'work' as const, extension: '12' },
        ...crmRecord.phones.slice(1),
      ],
    }
    expect(toPatch(crmRecord, merged)).toEqual([{ op: 'add', path: '/phones/0/extension', value: '12' }])
  })

  it('adds a new value at the end of a list and removes a dropped one', () => {
    const merged = {
      ...crmRecord,
      emails: [...crmRecord.emails, { value: 'anna@gmx.de', kind: 'home' as const }],
      phones: [crmRecord.phones[1] as (typeof crmRecord.phones)[number]],
    }
    expect(toPatch(crmRecord, merged)).toEqual([
      { op: 'add', path: '/emails/1', value: { value: 'anna@gmx.de', kind: 'home' } },
      { op: 'remove', path: '/phones/0' },
    ])
  })

  it('escapes keys with / and ~ as JSON Pointer segments', () => {
    const patch = toPatch(empty, { ...empty, custom: { 'a/b~c': 1 } })
    expect(patch).toEqual([{ op: 'add', path: '/custom', value: { 'a/b~c': 1 } }])
    expect(toPatch({ ...empty, custom: {} }, { ...empty, custom: { 'a/b~c': 1 } })).toEqual([
      { op: 'add', path: '/custom/a~1b~0c', value: 1 },
    ])
  })

  it('guards replaced and removed values with tests on request', () => {
    const merged = { ...crmRecord, jobTitle: 'Leiterin Einkauf' }
    const { department: _department, ...withoutDepartment } = merged
    expect(toPatch(crmRecord, withoutDepartment, { test: true })).toEqual([
      { op: 'test', path: '/department', value: 'Einkauf' },
      { op: 'remove', path: '/department' },
      { op: 'test', path: '/jobTitle', value: 'Einkauf' },
      { op: 'replace', path: '/jobTitle', value: 'Leiterin Einkauf' },
    ])
  })

  it('shares no objects with the merged record', () => {
    const merged = { ...empty, custom: { tier: { level: 2 } } }
    const [operation] = toPatch(empty, merged)
    ;(merged.custom.tier as { level: number }).level = 3
    expect(operation).toEqual({ op: 'add', path: '/custom', value: { tier: { level: 2 } } })
  })
})

describe('applyPatch', () => {
  it('applies move and copy as RFC 6902 defines them', () => {
    const result = applyPatch({ ...empty, jobTitle: 'Einkauf' }, [
      { op: 'copy', from: '/jobTitle', path: '/department' },
      { op: 'move', from: '/jobTitle', path: '/suffix' },
    ])
    expect(result).toEqual({ ...empty, department: 'Einkauf', suffix: 'Einkauf' })
  })

  it('fails with MERGE_PATCH_FAILED naming the operation when a test fails, leaving the input alone', () => {
    const before = structuredClone(crmRecord)
    const error = failure(() =>
      applyPatch(crmRecord, [
        { op: 'replace', path: '/lastName', value: 'Müller' },
        { op: 'test', path: '/jobTitle', value: 'Leiterin Einkauf' },
      ]),
    )
    expect(error).toEqual({
      code: 'MERGE_PATCH_FAILED',
      message: 'Patch operation 1 (test /jobTitle) does not apply: the test failed',
      details: { index: 1, op: 'test', path: '/jobTitle' },
    })
    expect(crmRecord).toEqual(before)
  })

  it.each<[string, JsonPatchOperation[]]>([
    ['a missing path', [{ op: 'remove', path: '/middleName' }]],
    ['an index past the end', [{ op: 'replace', path: '/phones/5', value: { value: '+49891234567' } }]],
    ['an index with a leading zero', [{ op: 'remove', path: '/phones/01' }]],
    ['a pointer without a slash', [{ op: 'add', path: 'jobTitle', value: 'x' }]],
    ['an unknown operation', [{ op: 'merge', path: '/jobTitle' } as never]],
    ['a result that is not a contact', [{ op: 'replace', path: '/emails', value: 'anna@muster.de' }]],
    ['prototype pollution', [{ op: 'add', path: '/custom/__proto__', value: { polluted: true } }]],
    ['moving a value into itself', [{ op: 'move', from: '/addresses', path: '/addresses/0' }]],
  ])('rejects %s', (_, patch) => {
    expect(failure(() => applyPatch(crmRecord, patch)).code).toBe('MERGE_PATCH_FAILED')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a patch longer than maxOperations', () => {
    const patch = Array.from({ length: 3 }, () => ({
      op: 'test' as const,
      path: '/lastName',
      value: 'MÜLLER',
    }))
    expect(applyPatch(crmRecord, patch).lastName).toBe('MÜLLER')
    expect(failure(() => applyPatch(crmRecord, patch, { maxOperations: 2 })).code).toBe('MERGE_PATCH_FAILED')
  })

  it('appends with the "-" index', () => {
    const result = applyPatch(crmRecord, [
      { op: 'add', path: '/websites/-', value: 'https://shop.muster.de' },
    ])
    expect(result.websites).toEqual(['https://www.muster.de/', 'https://shop.muster.de'])
  })
})

describe('toFieldUpdate', () => {
  it('lists changed fields flat, with null for cleared ones and whole lists', () => {
    const { department: _department, ...rest } = crmRecord
    const merged = {
      ...rest,
      jobTitle: 'Leiterin Einkauf',
      emails: [...crmRecord.emails, { value: 'anna@gmx.de' }],
      custom: { customerNumber: 'K-1042', segment: 'A' },
      social: {},
    }
    expect(toFieldUpdate(crmRecord, merged)).toEqual({
      department: null,
      jobTitle: 'Leiterin Einkauf',
      emails: [{ value: 'A.Mueller@Muster.de', kind: 'work' }, { value: 'anna@gmx.de' }],
      'custom.segment': 'A',
      'social.linkedin': null,
    })
  })

  it('is empty for equal records', () => {
    expect(toFieldUpdate(crmRecord, structuredClone(crmRecord))).toEqual({})
  })
})

describe('toPointerSegment', () => {
  it('escapes ~ before /', () => {
    expect(toPointerSegment('~1/')).toBe('~01~1')
  })
})
