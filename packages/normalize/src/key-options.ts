/**
 * Options of the key functions {@link phoneKey} and {@link emailKey}.
 *
 * @example
 * ```ts
 * const once: KeyCacheOptions = { cache: false }
 * phoneKey('089 1234567', 'DE', once) // '+49891234567', not kept for the next call
 * ```
 */
export interface KeyCacheOptions {
  /**
   * Keep the key in the package's shared memo, and look there first (default `true`). Pass `false` when the
   * caller sees each text once, or keeps the keys itself (per record, per batch): storing a key nobody asks for
   * again costs more than it saves, as a memo that lives long keeps every text it stores alive.
   */
  cache?: boolean | undefined
}
