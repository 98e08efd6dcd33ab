// The country codes an address may hold. A fixed list rather than a lookup in the runtime's ICU data: a schema
// must accept the same codes in every runtime (browsers and Node builds ship different ICU versions and sizes),
// and a test checks the list against Node's CLDR regions so a new country is noticed.

// ISO 3166-1 officially assigned alpha-2 codes (249).
const ASSIGNED =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
  'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
  'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
  'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
// Territories with their own postal and phone systems that ISO reserves but does not assign, which CLDR (and so
// Intl.DisplayNames) and libphonenumber treat as regions: Ascension Island, Clipperton Island, Sark, Diego Garcia,
// Ceuta and Melilla, the Canary Islands, Tristan da Cunha; and Kosovo's user-assigned XK, which the EU, CLDR,
// libphonenumber and the common CRMs use. `UK`, `EU` and `UN` are reserved too but name no territory of their
// own (`UK` is `GB`), so they stay out.
const RESERVED_IN_USE = 'AC CP CQ DG EA IC TA XK'

const COUNTRY_CODES: ReadonlySet<string> = new Set(`${ASSIGNED} ${RESERVED_IN_USE}`.split(' '))

/**
 * Whether `code` is a country code an {@link Address} may hold: an ISO 3166-1 alpha-2 code in capitals that is
 * assigned to a country or territory (`DE`, `AT`, `CH`, `GB`), or one of the reserved codes in common use for a
 * territory (`XK` for Kosovo, `IC` for the Canary Islands, `AC`, `CP`, `CQ`, `DG`, `EA`, `TA`). Informal and retired
 * codes (`UK`, `DD`), groupings (`EU`, `UN`), user-assigned codes (`XX`, `ZZ`) and lower case are not.
 *
 * @example
 * ```ts
 * isCountryCode('DE') // true
 * isCountryCode('XK') // true
 * isCountryCode('UK') // false: the United Kingdom's code is GB
 * isCountryCode('de') // false
 * ```
 */
export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code)
}
