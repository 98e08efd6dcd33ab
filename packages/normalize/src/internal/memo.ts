/**
 * A bounded memo for pure functions of a string. It keeps two generations of at most `limit / 2` entries each:
 * new entries go into the young one; when that is full, the old generation is dropped and the young one becomes
 * old. A value found in the old generation moves back into the young one, so values in use stay (close to least
 * recently used, at O(1) per call, unlike deleting the oldest entry of one Map, whose holes make each later
 * eviction slower). Keys longer than `maxKeyLength` are not stored, so the memory held stays small (at most
 * `limit` entries of at most `maxKeyLength` characters). Callers get the very same value back: store strings, or
 * records that the caller copies and never hands out.
 *
 * @internal
 */
export class Memo<V> {
  private young = new Map<string, V>()
  private old = new Map<string, V>()
  private readonly half: number

  constructor(
    limit = 2048,
    private readonly maxKeyLength = 256,
  ) {
    this.half = Math.max(1, Math.floor(limit / 2))
  }

  /** The stored value, or `undefined` when there is none. */
  get(key: string): V | undefined {
    const value = this.young.get(key)
    if (value !== undefined) return value
    const aged = this.old.get(key)
    if (aged !== undefined) this.set(key, aged)
    return aged
  }

  /** Stores a value; returns it. */
  set(key: string, value: V): V {
    if (key.length > this.maxKeyLength) return value
    if (this.young.size >= this.half) {
      this.old = this.young
      this.young = new Map()
    }
    this.young.set(key, value)
    return value
  }

  /** How many entries are stored (a key moved back from the old generation may count twice). */
  get size(): number {
    return this.young.size + this.old.size
  }
}
