/**
 * Structural helpers over plain data (contacts, patches, journal entries).
 * `undefined` object properties count as absent, as they do in JSON.
 *
 * @internal
 * @packageDocumentation
 */

/** @internal */
export type PlainObject = Record<string, unknown>

/** @internal A plain object: not an array, not null, not a class instance such as Date. */
export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** @internal Deep equality of JSON-like data; `undefined` properties equal missing ones. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let index = 0; index < a.length; index++) if (!deepEqual(a[index], b[index])) return false
    return true
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    let count = 0
    for (const key in a) {
      const value = a[key]
      if (value === undefined) continue
      count++
      if (!Object.hasOwn(b, key) || !deepEqual(value, b[key])) return false
    }
    for (const key in b) if (b[key] !== undefined) count--
    return count === 0
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime()
  return false
}

/** @internal Own keys whose value is not `undefined`. */
export function definedKeys(value: PlainObject): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined)
}

/** @internal JSON with object keys sorted, so equal data always gives the same text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) {
    let text = '['
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ','
      text += stableStringify(value[index] ?? null)
    }
    return `${text}]`
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort()
    let text = '{'
    let first = true
    for (const key of keys) {
      const item = value[key]
      if (item === undefined) continue
      text += `${first ? '' : ','}${JSON.stringify(key)}:${stableStringify(item)}`
      first = false
    }
    return `${text}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** @internal A deep copy that shares nothing with the original; fast for plain data, structuredClone for the rest. */
export function clone<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length)
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index]
      copy[index] = typeof item === 'object' && item !== null ? clone(item) : item
    }
    return copy as T
  }
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value)
  // Object.assign copies a plain object's properties faster than spread when the shapes vary (the
  // CloneObject cache of a spread goes megamorphic on contacts; measured in the merge benchmark).
  const source = value as PlainObject
  const copy: PlainObject = Object.assign({}, source)
  // The source's own keys (it is plain, so for-in sees nothing else): nested values follow.
  for (const key in source) {
    // Object.assign set the copy's prototype instead of copying this key: copy the object the slow way.
    if (key === '__proto__') return copyWithProtoKey(source) as T
    const item = source[key]
    if (typeof item !== 'object' || item === null) continue
    copy[key] = clone(item)
  }
  return copy as T
}

// A plain object with an own `__proto__` key (as `JSON.parse` makes it): spread defines every key in its place,
// then the nested values are copied, the `__proto__` key by defineProperty so it stays a key.
function copyWithProtoKey(source: PlainObject): PlainObject {
  const copy: PlainObject = { ...source }
  for (const key in copy) {
    const item = copy[key]
    if (typeof item !== 'object' || item === null) continue
    if (key === '__proto__') {
      Object.defineProperty(copy, key, {
        value: clone(item),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    } else copy[key] = clone(item)
  }
  return copy
}

/**
 * @internal An empty object for many distinct keys (field paths such as `phones[+49891234567]`). Deleting a
 * property that is not the last one puts V8 into dictionary mode: new keys then cost a hash insert instead of
 * a new hidden class per key, which made a merge of never-seen records about twice as slow. The object stays
 * an ordinary one (Object.prototype, insertion order, JSON), so callers see no difference.
 */
export function keyedRecord<T>(): Record<string, T> {
  const record: Record<string, unknown> = { dictionaryMode: undefined, forKeyedRecords: undefined }
  delete record.dictionaryMode
  delete record.forKeyedRecords
  return record as Record<string, T>
}
