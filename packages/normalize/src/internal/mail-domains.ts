import { disposableEmailBlocklist } from 'disposable-email-domains-js'
import freeEmailDomains from 'free-email-domains'

// Built on first use, so importing the package stays cheap for callers that never look at emails.
let freeSet: Set<string> | undefined
let disposableSet: Set<string> | undefined

/**
 * Domains of free-mail providers (package `free-email-domains`), which also lists disposable ones.
 *
 * @internal
 */
export function isFreeMailDomain(domain: string): boolean {
  freeSet ??= new Set(freeEmailDomains as readonly string[])
  return freeSet.has(domain)
}

/**
 * Domains of disposable-mail providers (package `disposable-email-domains-js`).
 *
 * @internal
 */
export function isDisposableDomain(domain: string): boolean {
  disposableSet ??= new Set(disposableEmailBlocklist())
  return disposableSet.has(domain)
}
