import { isSealError } from '../src/error.js'

/** The `SealError` code a promise rejects with, or `'resolved'`; any other error is rethrown. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isSealError(error)) return error.code
    throw error
  }
  return 'resolved'
}

/** The `SealError` code a call throws, or `'returned'`; any other error is rethrown. */
export function codeOfSync(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (isSealError(error)) return error.code
    throw error
  }
  return 'returned'
}
