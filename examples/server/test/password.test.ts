import { afterAll, describe, expect, it } from 'vitest'
import { hashPassword, setPasswordHashCost, verifyPassword } from '../src/auth/password.js'

describe('password hashing', () => {
  afterAll(() => setPasswordHashCost({ memoryCost: 1024, timeCost: 1 }))

  it('uses argon2id with OWASP’s parameters (19 MiB, 2 passes, 1 lane) outside the test suites', async () => {
    setPasswordHashCost()
    const phc = await hashPassword('Grüne Wiese über Straßburg 2026')
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(phc, 'Grüne Wiese über Straßburg 2026')).toBe(true)
    expect(await verifyPassword(phc, 'Grune Wiese uber Strassburg 2026')).toBe(false)
    // Two hashes of one password differ: each has its own salt.
    expect(await hashPassword('Grüne Wiese über Straßburg 2026')).not.toBe(phc)
  })

  it('answers false for a malformed hash instead of throwing', async () => {
    expect(await verifyPassword('$2b$10$kein-argon2-hash', 'Sommer-Regen-2026!')).toBe(false)
  })
})
