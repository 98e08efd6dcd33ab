import { z } from 'zod'
import { HubSpotError } from './error.js'

/**
 * Where a change feed stands. HubSpot's search returns at most 10,000 results per query, so the feed runs a query
 * `lastmodifieddate >= since` sorted ascending, pages it with `after`, and before reaching the cap starts a new query
 * from the newest timestamp seen. `skip` lists the ids already delivered at exactly `since`, so records that share a
 * millisecond are neither lost nor repeated across the restart.
 *
 * @internal
 */
export interface ChangeCursor {
  v: 1
  since?: number
  skip: string[]
  after?: string
  offset: number
  lastTs?: number
  lastIds: string[]
}

const CursorSchema = z.object({
  v: z.literal(1),
  since: z.number().int().nonnegative().optional(),
  skip: z.array(z.string().regex(/^\d+$/)).max(10_000),
  after: z.string().max(200).optional(),
  offset: z.number().int().nonnegative(),
  lastTs: z.number().int().nonnegative().optional(),
  lastIds: z.array(z.string().regex(/^\d+$/)).max(10_000),
})

/** @internal The cursor of a feed that has not started. */
export const INITIAL_CURSOR: ChangeCursor = { v: 1, skip: [], offset: 0, lastIds: [] }

/** @internal Encodes a cursor as an opaque base64url string. */
export function encodeCursor(cursor: ChangeCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url')
}

/**
 * Decodes an opaque cursor.
 *
 * @throws {HubSpotError} HUBSPOT_INVALID_CURSOR when the string was not produced by {@link encodeCursor}.
 * @internal
 */
export function decodeCursor(text: string): ChangeCursor {
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch (cause) {
    throw new HubSpotError('HUBSPOT_INVALID_CURSOR', 'The change cursor is not one this connector produced', {
      cause,
    })
  }
  const parsed = CursorSchema.safeParse(json)
  if (!parsed.success) {
    throw new HubSpotError('HUBSPOT_INVALID_CURSOR', 'The change cursor is not one this connector produced')
  }
  const { since, after, lastTs, ...rest } = parsed.data
  return {
    ...rest,
    ...(since === undefined ? {} : { since }),
    ...(after === undefined ? {} : { after }),
    ...(lastTs === undefined ? {} : { lastTs }),
  }
}

/**
 * A new query starting at the newest timestamp delivered so far.
 *
 * @internal
 */
export function restartCursor(cursor: ChangeCursor): ChangeCursor {
  if (cursor.lastTs === undefined) {
    const { after: _after, ...rest } = cursor
    return { ...rest, offset: 0 }
  }
  const skip =
    cursor.lastTs === cursor.since ? [...new Set([...cursor.skip, ...cursor.lastIds])] : cursor.lastIds
  return { v: 1, since: cursor.lastTs, skip, offset: 0, lastTs: cursor.lastTs, lastIds: skip }
}
