import { readFileSync } from 'node:fs'

/** Reads a committed fixture by file name. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))
}
