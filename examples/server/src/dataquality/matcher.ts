import { createMatcher, type Matcher } from '@contactkit/match'

let shared: Matcher | undefined

/**
 * The matcher of the server: the default business-contact configuration of @contactkit/match. Stored blocking
 * keys were computed with it, so a different configuration needs the keys rebuilt (re-queue every contact).
 */
export function serverMatcher(): Matcher {
  shared ??= createMatcher()
  return shared
}
