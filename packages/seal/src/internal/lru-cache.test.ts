import { describe, expect, it } from 'vitest'
import { LruCache } from './lru-cache.js'

describe('LruCache', () => {
  it('keeps at most maxEntries and drops the least recently used first', () => {
    const cache = new LruCache<string, number>(2)
    cache.set('Köln', 1)
    cache.set('München', 2)
    expect(cache.get('Köln')).toBe(1)
    cache.set('Hamburg', 3)
    expect(cache.get('München')).toBeUndefined()
    expect(cache.get('Köln')).toBe(1)
    expect(cache.get('Hamburg')).toBe(3)
    expect(cache.size).toBe(2)
  })

  it('replaces a value without growing and forgets deleted keys', () => {
    const cache = new LruCache<string, number>(2)
    cache.set('a', 1)
    cache.set('a', 2)
    expect(cache.size).toBe(1)
    expect(cache.get('a')).toBe(2)
    cache.delete('a')
    expect(cache.get('a')).toBeUndefined()
  })
})
