import { describe, expect, it } from 'vitest'
import { diffContacts } from './diff.js'
import { parsePath } from './fields.js'
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
