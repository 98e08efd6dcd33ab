// Remembered readings of the short contact fields whose values repeat across the rows of an import: companies,
// salutations, titles and name parts (a CRM export has a few thousand distinct first names, surnames and
// companies for a million contacts). Each is a pure function of its text, so a remembered reading is the reading;
// only strings are stored, so nothing handed out can be changed by a caller. Bounded (see Memo).
import { readCompany } from '../company.js'
import { canonicalSalutation, canonicalTitle, repairNamePart } from '../name.js'
import { Memo } from './memo.js'
import { cleanText } from './text.js'

const companies = new Memo<string>()
const salutations = new Memo<string>()
const titles = new Memo<string>()
// One memo per language and kind of name part (surnames keep lower-case particles), few in practice.
const nameParts = new Map<string, Memo<string>>()

/** The display name of a company as `normalizeContact` keeps it. @internal */
export function companyName(text: string): string {
  return companies.get(text) ?? companies.set(text, readCompany(text).name)
}

/** A salutation's canonical spelling, else the cleaned text. @internal */
export function salutationOf(text: string): string {
  return (
    salutations.get(text) ?? salutations.set(text, canonicalSalutation(text)?.canonical ?? cleanText(text))
  )
}

/** A title's canonical spelling, else the cleaned text. @internal */
export function titleOf(text: string): string {
  return titles.get(text) ?? titles.set(text, canonicalTitle(text) ?? cleanText(text))
}

/** {@link repairNamePart} of a first, middle or last name. @internal */
export function namePartOf(text: string, locale: string | undefined, surname: boolean): string {
  // repairNamePart reads only the language of the locale: its first two letters, lower-cased.
  const key = `${surname ? 's' : 'g'}${(locale ?? '').slice(0, 2).toLowerCase()}`
  let memo = nameParts.get(key)
  if (!memo) {
    if (nameParts.size >= 16) nameParts.clear()
    memo = new Memo<string>()
    nameParts.set(key, memo)
  }
  return memo.get(text) ?? memo.set(text, repairNamePart(text, { locale }, surname))
}
