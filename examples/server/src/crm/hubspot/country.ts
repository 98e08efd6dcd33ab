import { foldText, isCountryCode } from '@contactkit/core'

// HubSpot's `country` property is free text. @contactkit/normalize reads German, English and French names, codes and
// informal names ("U.K.", "BRD"); this fallback adds the CLDR region names (shipped with Node's ICU) of the other
// languages portals in this project's markets use ("Alemania", "Duitsland", "Niemcy"), and writes names back.
const NAME_LOCALES = ['en', 'de', 'fr', 'it', 'es', 'nl', 'pl']

let nameTable: Map<string, string> | undefined

/** The current code for a region code (`DD`→`DE`, `UK`→`GB`, by CLDR's aliases) if an address may hold it. */
function canonicalRegion(code: string): string | undefined {
  const region = new Intl.Locale(`und-${code}`).region
  return region !== undefined && isCountryCode(region) ? region : undefined
}

function table(): Map<string, string> {
  if (nameTable !== undefined) return nameTable
  const names = new Map<string, string>()
  const displays = NAME_LOCALES.map(
    (locale) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }),
  )
  for (let first = 65; first <= 90; first++) {
    for (let second = 65; second <= 90; second++) {
      const code = String.fromCharCode(first, second)
      if (canonicalRegion(code) !== code) continue
      for (const display of displays) {
        const name = display.of(code)
        if (name === undefined) continue
        const key = foldText(name)
        if (!names.has(key)) names.set(key, code)
      }
    }
  }
  nameTable = names
  return names
}

/**
 * Maps a free-text country ("Deutschland", "Germany", "de", "Österreich", "U.K.") to its ISO 3166-1 alpha-2 code, or
 * `undefined` when it names no country this table knows.
 */
export function toCountryCode(text: string): string | undefined {
  const trimmed = text.trim()
  if (/^[A-Za-z]{2}$/.test(trimmed)) return canonicalRegion(trimmed.toUpperCase())
  return table().get(foldText(trimmed))
}

/** The country name HubSpot should show for an alpha-2 code, in the portal's language (default English). */
export function toCountryName(code: string, locale = 'en'): string {
  return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code
}
