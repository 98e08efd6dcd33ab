/** Source of the current time; injected so tests can move it (lockouts, session expiry, the 30-day purge). */
export interface Clock {
  now(): Date
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() }

/** Milliseconds in a day. */
export const DAY_MS = 24 * 60 * 60 * 1000
