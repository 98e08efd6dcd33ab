import { describe, expect, it } from 'vitest'
import { diffContacts } from './diff.js'
import {
  fieldSlot,
  LIST_FIELDS,
  LIST_OFFSET,
  MAP_FIELDS,
  MAP_OFFSET,
  parsePath,
  SCALAR_FIELDS,
} from './fields.js'
import { mergeContacts } from './merge.js'

describe('parsePath', () => {
  it('reads scalar, list, value and map paths', () => {
    expect(parsePath('lastName')).toEqual({ type: 'scalar', field: 'lastName' })
    expect(parsePath('phones')).toEqual({ type: 'list', field: 'phones' })
    expect(parsePath('emails[a.mueller@muster.de]')).toEqual({
      type: 'value',
      field: 'emails',
      key: 'a.mueller@muster.de',
    })
    expect(parsePath('custom.kundennummer')).toEqual({ type: 'map', field: 'custom', key: 'kundennummer' })
  })

  it('reads a map key that holds brackets as a map key', () => {
    expect(parsePath('social.[]')).toEqual({ type: 'map', field: 'social', key: '[]' })
    expect(parsePath('custom.Kunde[alt]')).toEqual({ type: 'map', field: 'custom', key: 'Kunde[alt]' })
  })

  it('names no field for an empty value key or an unknown field', () => {
    expect(parsePath('emails[]')).toBeUndefined()
    expect(parsePath('notes[x]')).toBeUndefined()
    expect(parsePath('notes.x')).toBeUndefined()
  })
})

describe('choices on map keys with brackets', () => {
  it('takes the diff suggestion for a custom key written with brackets', () => {
    const existing = { id: 'crm-1', lastName: 'Müller', emails: [], phones: [], addresses: [], websites: [] }
    const card = {
      lastName: 'Müller',
      custom: { 'Kunde[alt]': 'K-4711' },
      emails: [],
      phones: [],
      addresses: [],
      websites: [],
    }
    const diff = diffContacts(card, existing)
    const choices = new Map(diff.entries.map((entry) => [entry.path, entry.suggestion]))
    expect(choices.has('custom.Kunde[alt]')).toBe(true)
    const merged = mergeContacts([existing, card], 'fillBlanks', choices)
    expect(merged.contact.custom).toEqual({ 'Kunde[alt]': 'K-4711' })
  })
})

describe('fieldSlot', () => {
  it('number every field as the field lists order them, and nothing else', () => {
    const fields = [...SCALAR_FIELDS, ...LIST_FIELDS, ...MAP_FIELDS]
    expect(fields.map(fieldSlot)).toEqual(fields.map((_, index) => index))
    expect(fieldSlot(LIST_FIELDS[0])).toBe(LIST_OFFSET)
    expect(fieldSlot(MAP_FIELDS[0])).toBe(MAP_OFFSET)
    for (const other of ['id', 'source', 'raw', 'updatedAt', 'fieldTimes', '__proto__', 'toString', ''])
      expect(fieldSlot(other)).toBe(-1)
  })
})

describe('records that are not plain objects', () => {
  // An ORM entity: the fields are getters on the prototype, which for-in does not see.
  class Entity {
    constructor(private readonly data: Record<string, unknown>) {}
    get id() {
      return this.data.id
    }
    get lastName() {
      return this.data.lastName
    }
    get phones() {
      return this.data.phones
    }
    get emails() {
      return []
    }
    get addresses() {
      return []
    }
    get websites() {
      return []
    }
  }

  it('diffs fields read through getters, and sees an edit between two diffs', () => {
    const data: Record<string, unknown> = {
      id: 'crm-7',
      lastName: 'MÜLLER',
      phones: [{ value: '089 1234567' }],
    }
    const existing = new Entity(data) as unknown as Parameters<typeof diffContacts>[1]
    const card = {
      lastName: 'Müller',
      emails: [],
      phones: [{ value: '+49 89 1234567' }],
      addresses: [],
      websites: [],
    }
    const diff = diffContacts(card, existing, { defaultCountry: 'DE' })
    expect(diff.entries.map((entry) => [entry.path, entry.kind])).toEqual([
      ['lastName', 'equivalent'],
      ['phones[+49891234567]', 'equivalent'],
    ])
    data.lastName = 'Schmidt'
    expect(diffContacts(card, existing, { defaultCountry: 'DE' }).entries[0]).toMatchObject({
      path: 'lastName',
      kind: 'changed',
      existing: 'Schmidt',
    })
  })
})
