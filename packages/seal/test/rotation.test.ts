import { describe, expect, it } from 'vitest'
import { isSealError, parseTokenHeader, type Sealer } from '../src/index.js'
import { createSealer } from '../src/sealer.js'
import { TEST_ITERATIONS, testSecret } from './keys.js'

// This file runs the rotation job of docs/guides/sealing.md against an in-memory table.
// Keep `rotate` identical to the guide.

interface CredentialRow {
  id: number
  orgId: number
  mailboxId: number
  kind: 'imap-password' | 'smtp-password'
  sealed: string
}

interface CredentialTable {
  /** Rows with `id > afterId`, ordered by id, at most `limit`. */
  list(afterId: number, limit: number): Promise<CredentialRow[]>
  /** Sets `sealed = next` where `id` matches and `sealed` is still `expected`; `false` if the row changed meanwhile. */
  replace(id: number, expected: string, next: string): Promise<boolean>
}

const contextOf = (row: CredentialRow) => `org:${row.orgId}/mailbox:${row.mailboxId}/${row.kind}`

async function rotate(sealer: Sealer, table: CredentialTable, batchSize = 500) {
  const report = {
    checked: 0,
    resealed: 0,
    changedMeanwhile: 0,
    failed: [] as { id: number; code: string }[],
  }
  let afterId = 0
  for (;;) {
    const rows = await table.list(afterId, batchSize)
    if (rows.length === 0) return report
    for (const row of rows) {
      afterId = row.id
      report.checked++
      try {
        if (!sealer.needsReseal(row.sealed)) continue
        const next = await sealer.reseal(row.sealed, { context: contextOf(row) })
        if (await table.replace(row.id, row.sealed, next)) report.resealed++
        else report.changedMeanwhile++
      } catch (error) {
        if (!isSealError(error)) throw error
        report.failed.push({ id: row.id, code: error.code }) // never log the token or the plaintext
      }
    }
  }
}

function memoryTable(rows: CredentialRow[]): CredentialTable & { rows: CredentialRow[] } {
  return {
    rows,
    async list(afterId, limit) {
      return rows
        .filter((row) => row.id > afterId)
        .slice(0, limit)
        .map((row) => ({ ...row }))
    },
    async replace(id, expected, next) {
      const row = rows.find((candidate) => candidate.id === id)
      if (row === undefined || row.sealed !== expected) return false
      row.sealed = next
      return true
    },
  }
}

const OLD = testSecret('2025-07')
const NEW = testSecret('2026-01')
const PASSWORDS = ['Grüße-aus-München!2026', 'Sommer2026!', 'Müller & Söhne GmbH', 'straße-7', 'Prof.Dr.42']

describe('the rotation job of the sealing guide', () => {
  it('moves every row to the new key, keeps each value in its row, and reports what it could not reseal', async () => {
    const before = createSealer({
      keys: { '2025-07': OLD },
      currentKeyId: '2025-07',
      iterations: TEST_ITERATIONS,
    })
    const rows: CredentialRow[] = []
    for (let id = 1; id <= 25; id++) {
      const row = { id, orgId: 40 + (id % 3), mailboxId: id, kind: 'imap-password' as const, sealed: '' }
      row.sealed = await before.seal(PASSWORDS[id % PASSWORDS.length] as string, { context: contextOf(row) })
      rows.push(row)
    }
    // A value copied from row 2 into row 3 must not survive the rotation as a valid value of row 3.
    ;(rows[2] as CredentialRow).sealed = (rows[1] as CredentialRow).sealed
    const table = memoryTable(rows)

    // Step 1 and 2: both keys in the ring, the new one current.
    const during = createSealer({
      keys: { '2025-07': OLD, '2026-01': NEW },
      currentKeyId: '2026-01',
      iterations: TEST_ITERATIONS,
    })
    const report = await rotate(during, table, 10)
    expect(report).toEqual({
      checked: 25,
      resealed: 24,
      changedMeanwhile: 0,
      failed: [{ id: 3, code: 'SEAL_INTEGRITY' }],
    })
    expect(await rotate(during, table, 10)).toMatchObject({ resealed: 0, failed: [{ id: 3 }] })

    // Step 4: count tokens per key before retiring the old one.
    const stillOld = table.rows.filter((row) => parseTokenHeader(row.sealed).keyId === '2025-07')
    expect(stillOld.map((row) => row.id)).toEqual([3])

    // Step 5: the old key is gone; every rotated row still unseals in its own place.
    const after = createSealer({
      keys: { '2026-01': NEW },
      currentKeyId: '2026-01',
      iterations: TEST_ITERATIONS,
    })
    for (const row of table.rows.filter((candidate) => candidate.id !== 3)) {
      expect(await after.unseal(row.sealed, { context: contextOf(row) })).toBe(
        PASSWORDS[row.id % PASSWORDS.length],
      )
    }
  })

  it('leaves a row alone when its value changed while the job ran', async () => {
    const old = createSealer({
      keys: { '2025-07': OLD },
      currentKeyId: '2025-07',
      iterations: TEST_ITERATIONS,
    })
    const row: CredentialRow = { id: 1, orgId: 42, mailboxId: 7, kind: 'smtp-password', sealed: '' }
    row.sealed = await old.seal('alt', { context: contextOf(row) })
    const table = memoryTable([row])
    const racing: CredentialTable = {
      list: table.list,
      async replace(id, expected, next) {
        // The user saves a new password between the job's read and its write.
        const current = table.rows[0] as CredentialRow
        current.sealed = await old.seal('neu', { context: contextOf(current) })
        return table.replace(id, expected, next)
      },
    }
    const sealer = createSealer({ keys: { '2025-07': OLD, '2026-01': NEW }, currentKeyId: '2026-01' })
    expect(await rotate(sealer, racing)).toMatchObject({ resealed: 0, changedMeanwhile: 1 })
    expect(await sealer.unseal((table.rows[0] as CredentialRow).sealed, { context: contextOf(row) })).toBe(
      'neu',
    )
  })
})
