import { describe, expect, it, vi } from 'vitest'
import { pbkdf2Async } from '../src/internal/pbkdf2.js'
import { createSealer, type SealerOptions } from '../src/sealer.js'
import { TEST_ITERATIONS, testSecret } from './keys.js'

vi.mock('../src/internal/pbkdf2.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/internal/pbkdf2.js')>()
  return { pbkdf2Async: vi.fn(original.pbkdf2Async) }
})

const derivations = vi.mocked(pbkdf2Async)
const MAILBOX = 'org:42/mailbox:7/imap-password'

function sealer(options: Partial<SealerOptions> = {}) {
  return createSealer({
    keys: { k1: testSecret('k1') },
    currentKeyId: 'k1',
    iterations: TEST_ITERATIONS,
    ...options,
  })
}

async function countDerivations(run: () => Promise<unknown>): Promise<number> {
  derivations.mockClear()
  await run()
  return derivations.mock.calls.length
}

describe('derived-key cache', () => {
  it('derives once for a mailbox polled again and again', async () => {
    const token = await sealer({ cache: false }).seal('Sommer2026!', { context: MAILBOX })
    const poller = sealer()
    expect(await countDerivations(() => poller.unseal(token, { context: MAILBOX }))).toBe(1)
    expect(
      await countDerivations(async () => {
        for (let poll = 0; poll < 20; poll++) await poller.unseal(token, { context: MAILBOX })
      }),
    ).toBe(0)
  })

  it('derives every time when the cache is off', async () => {
    const uncached = sealer({ cache: false })
    const token = await uncached.seal('Sommer2026!')
    expect(await countDerivations(() => Promise.all([uncached.unseal(token), uncached.unseal(token)]))).toBe(
      2,
    )
  })

  it('shares one derivation between concurrent unseals of the same token', async () => {
    const token = await sealer({ cache: false }).seal('Sommer2026!')
    const cached = sealer()
    let results: string[] = []
    const count = await countDerivations(async () => {
      results = await Promise.all(Array.from({ length: 10 }, () => cached.unseal(token)))
    })
    expect(results).toEqual(Array(10).fill('Sommer2026!'))
    expect(count).toBe(1)
  })

  it('evicts the least recently used keys beyond maxEntries', async () => {
    const writer = sealer({ cache: false })
    const [a, b, c] = await Promise.all([writer.seal('a'), writer.seal('b'), writer.seal('c')])
    const small = sealer({ cache: { maxEntries: 2 } })
    await small.unseal(a as string)
    await small.unseal(b as string)
    await small.unseal(a as string) // a is now the most recent
    await small.unseal(c as string) // evicts b
    expect(await countDerivations(() => small.unseal(a as string))).toBe(0)
    expect(await countDerivations(() => small.unseal(b as string))).toBe(1)
  })

  it('keys the cache by key id: the same salt under another key is derived again', async () => {
    const ring = sealer({ keys: { k1: testSecret('k1'), k2: testSecret('k1') } })
    const token = await ring.seal('x')
    const twin = token.replace('ck1.k1.', 'ck1.k2.')
    // Same secret, same salt, but another key id: a fresh derivation, and the MAC still fails.
    expect(await countDerivations(() => ring.unseal(twin).catch(() => undefined))).toBe(1)
  })
})

describe('key derivation', () => {
  it('runs off the event loop: a queued callback runs before a slow seal finishes', async () => {
    const slow = sealer({ iterations: 200_000, cache: false })
    const order: string[] = []
    const sealed = slow.seal('Sommer2026!').then(() => order.push('sealed'))
    await new Promise((resolve) => setImmediate(resolve))
    order.push('event loop turned')
    await sealed
    expect(order).toEqual(['event loop turned', 'sealed'])
  })
})
