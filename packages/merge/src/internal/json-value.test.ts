import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { clone, deepEqual } from './json-value.js'

// Every object and array of `value`, so a copy can be checked to share none of them.
function containers(value: unknown, into: Set<object> = new Set()): Set<object> {
  if (typeof value !== 'object' || value === null) return into
  into.add(value)
  for (const item of Object.values(value)) containers(item, into)
  return into
}

describe('clone', () => {
  it('copies a contact deeply, keeping key order and undefined properties', () => {
    const contact = {
      firstName: 'Jürgen',
      title: undefined,
      phones: [{ value: '+49 (0)89 1234567', kind: 'work' }],
      addresses: [{ street: 'Musterstraße', houseNumber: '5', postalCode: '80331', city: 'München' }],
      source: { kind: 'crm', confidence: 0.9 },
    }
    const copy = clone(contact)
    expect(copy).toStrictEqual(contact)
    expect(Object.keys(copy)).toEqual(['firstName', 'title', 'phones', 'addresses', 'source'])
    expect(copy.phones[0]).not.toBe(contact.phones[0])
    copy.phones[0]!.kind = 'mobile'
    expect(contact.phones[0]!.kind).toBe('work')
  })

  it('keeps an own __proto__ key a key, whatever its value, and the copy an ordinary object', () => {
    const parsed = JSON.parse('{"a":1,"__proto__":{"polluted":true},"b":"x"}') as Record<string, unknown>
    const copy = clone(parsed)
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.hasOwn(copy, '__proto__')).toBe(true)
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true })
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).not.toBe(
      Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value,
    )
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined()
    expect(copy.a).toBe(1)
    expect(copy.b).toBe('x')
    expect(Object.keys(copy)).toEqual(['a', '__proto__', 'b'])
    expect(JSON.stringify(clone(JSON.parse('{"":{"__proto__":[],"":null}}')))).toBe(
      '{"":{"__proto__":[],"":null}}',
    )

    const text = clone(JSON.parse('{"__proto__":"Muster GmbH"}') as Record<string, unknown>)
    expect(Object.getOwnPropertyDescriptor(text, '__proto__')?.value).toBe('Muster GmbH')
    expect(Object.getPrototypeOf(text)).toBe(Object.prototype)
  })

  it('copies an object without a prototype and hands class instances to structuredClone', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { city: 'Köln' })
    expect(clone(bare)).toEqual({ city: 'Köln' })
    const at = new Date('2026-11-02T09:30:00Z')
    const copy = clone({ at })
    expect(copy.at).toBeInstanceOf(Date)
    expect(copy.at).not.toBe(at)
    expect(copy.at.getTime()).toBe(at.getTime())
  })

  test.prop([fc.jsonValue()])('gives equal JSON data that shares no object with the original', (value) => {
    const copy = clone(value)
    expect(deepEqual(copy, value)).toBe(true)
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value))
    const originals = containers(value)
    for (const inner of containers(copy)) expect(originals.has(inner)).toBe(false)
  })
})
