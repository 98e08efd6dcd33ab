import { foldText } from '@contactkit/core'
import { GERMAN_NICKNAMES } from './de-data.js'
import { ENGLISH_NICKNAMES } from './en-data.js'

let groupsByName: Map<string, number[]> | undefined

function foldName(name: string): string {
  return foldText(name, { german: true })
}

// Built lazily so importing the package costs nothing until a name is compared.
function groups(): Map<string, number[]> {
  if (groupsByName) return groupsByName
  const map = new Map<string, number[]>()
  let groupId = 0
  for (const list of [ENGLISH_NICKNAMES, GERMAN_NICKNAMES]) {
    for (const entry of list.split(';')) {
      const [canonical, nicknames = ''] = entry.split(':')
      if (!canonical) continue
      const id = groupId++
      for (const name of [canonical, ...nicknames.split(' ')]) {
        if (!name) continue
        const key = foldName(name)
        const ids = map.get(key)
        if (!ids) map.set(key, [id])
        else if (!ids.includes(id)) ids.push(id)
      }
    }
  }
  groupsByName = map
  return map
}

/**
 * The name-variant groups a given name belongs to (English list from carltonnorthern/nicknames, Apache-2.0,
 * plus contactkit's German list). Two names that share a group may be the same person's name.
 *
 * @param name - A given name, any case, with or without umlauts (`Jürgen` and `Juergen` are one key).
 * @returns Group ids, empty when the name is in no list.
 *
 * @example
 * ```ts
 * nameVariantGroups('Sepp').some((id) => nameVariantGroups('Josef').includes(id)) // true
 * ```
 */
export function nameVariantGroups(name: string): readonly number[] {
  return groups().get(foldName(name)) ?? []
}

/**
 * Tells whether two given names are known variants of one another (`Hans`/`Johannes`, `Bill`/`William`).
 *
 * @param a - A given name.
 * @param b - Another given name.
 * @returns `true` when the names share a variant group; `false` for equal names that are in no list.
 *
 * @example
 * ```ts
 * areNameVariants('Kathi', 'Katharina') // true
 * areNameVariants('Bill', 'William') // true
 * areNameVariants('Hans', 'Peter') // false
 * ```
 */
export function areNameVariants(a: string, b: string): boolean {
  const groupsA = nameVariantGroups(a)
  if (groupsA.length === 0) return false
  const groupsB = nameVariantGroups(b)
  return groupsA.some((id) => groupsB.includes(id))
}
