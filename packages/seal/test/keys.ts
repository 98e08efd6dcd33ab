import { createHash } from 'node:crypto'

/** Deterministic 32-byte test secrets, so failures reproduce; never use such keys for real data. */
export function testSecret(label: string): Buffer {
  return createHash('sha256').update(`contactkit seal test secret: ${label}`).digest()
}

/** A cheap iteration count for unit tests; the default is exercised by the benchmark and a single test. */
export const TEST_ITERATIONS = 1000
