import { describe, expect, it } from 'vitest'
import { businessCard, crmRecord, empty, signatureRecord } from '../test/fixtures/contacts.js'
import { isMergeError } from './error.js'
import { unmerge } from './journal.js'
import { mergeContacts } from './merge.js'
import { applyPatch } from './patch.js'

const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }

describe('unmerge', () => {
  it('restores a cluster with two CRM records and lists the absorbed one to recreate', () => {
    const duplicate = {
      ...empty,
      id: 'crm-0815',
      lastName: 'Müller',
      department: 'Vertrieb',
      source: { kind: 'crm' as const },
    }
    const records = [businessCard, duplicate, crmRecord, signatureRecord]
    const before = structuredClone(records)
    const result = mergeContacts(records, 'fillBlanks', { jobTitle: 'takeIncoming' }, options)
    const stored = JSON.parse(JSON.stringify(result.journal))
    const undo = unmerge(stored)
    expect(undo.records).toEqual(before)
    expect(undo.survivor).toEqual({ ref: 'crm-4711', contact: before[2] })
    expect(undo.recreate).toEqual([before[1]])
    expect(applyPatch(result.contact, undo.revertPatch)).toEqual(crmRecord)
    expect(stored).toMatchObject({
      version: 1,
      at: '2026-11-27T10:00:00Z',
      survivor: 'crm-4711',
      choices: { jobTitle: 'takeIncoming' },
    })
  })

  it('is not affected by changes to the inputs after the merge', () => {
    const crm = structuredClone(crmRecord)
    const { journal } = mergeContacts([crm, businessCard], 'fillBlanks', {}, options)
    crm.lastName = 'Changed'
    crm.emails.push({ value: 'changed@muster.de' })
    expect(unmerge(journal).records[0]).toEqual(crmRecord)
  })

  it('refuses to revert a record someone edited since the merge', () => {
    const result = mergeContacts(
      [crmRecord, businessCard],
      'fillBlanks',
      { jobTitle: 'takeIncoming' },
      options,
    )
    const undo = unmerge(result.journal)
    const editedSince = { ...result.contact, jobTitle: 'Einkaufsleiterin' }
    expect(() => applyPatch(editedSince, undo.revertPatch)).toThrow(
      expect.objectContaining({ code: 'MERGE_PATCH_FAILED' }),
    )
  })

  it('throws MERGE_INVALID_JOURNAL when the stored patch no longer fits the stored record', () => {
    const { journal } = mergeContacts([crmRecord, businessCard], 'fillBlanks', {}, options)
    const tampered = { ...journal, patch: [{ op: 'remove' as const, path: '/nickname' }] }
    expect(() => unmerge(tampered)).toThrow(expect.objectContaining({ code: 'MERGE_INVALID_JOURNAL' }))
  })

  it.each([
    ['null', null],
    ['another version', { version: 2, at: '', survivor: 'a', records: [], patch: [], choices: {} }],
    [
      'a survivor that is missing',
      {
        version: 1,
        at: '',
        survivor: 'x',
        records: [{ ref: 'a', role: 'existing', contact: empty }],
        merged: empty,
        choices: {},
      },
    ],
  ])('throws MERGE_INVALID_JOURNAL for %s', (_, entry) => {
    let caught: unknown
    try {
      unmerge(entry as never)
    } catch (error) {
      caught = error
    }
    expect(isMergeError(caught) && caught.code).toBe('MERGE_INVALID_JOURNAL')
  })
})
