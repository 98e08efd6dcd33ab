import type { LineRange } from '../html-to-text.js'
import type { DetectionMethod } from '../options.js'
import {
  isDelimiterLine,
  isRuleOnlyLine,
  isSignatureish,
  isStrong,
  type LineFeatures,
  lineFeatures,
} from './line-features.js'
import type { SenderKeys } from './sender.js'

/** Result of {@link detectSignature}. @internal */
export interface Detection {
  signature?: LineRange & { method: DetectionMethod; signOffLine?: number }
  disclaimer?: LineRange
  /** Lines of trailing mobile footers ("Sent from my iPhone"). */
  footer?: LineRange
  confidence: number
  senderEvidence: 'email' | 'name' | 'none'
  /** The block holds e-mail addresses, none of them the sender's. */
  foreignEmail: boolean
  features: Map<number, LineFeatures>
}

/** Tuning knobs of {@link detectSignature}. @internal */
export interface DetectOptions {
  maxSignatureLines: number
  htmlSignature?: LineRange | undefined
}

const WINDOW_LINES = 40

/**
 * Finds the signature block among `lines[first..end)` (the author's own text, quotes removed).
 *
 * @internal
 */
export function detectSignature(
  lines: readonly string[],
  first: number,
  end: number,
  sender: SenderKeys,
  options: DetectOptions,
): Detection {
  const features = new Map<number, LineFeatures>()
  const feat = (index: number): LineFeatures => {
    let found = features.get(index)
    if (found === undefined) {
      found = lineFeatures(lines[index] as string, sender)
      features.set(index, found)
    }
    return found
  }
  const isBlank = (index: number) => (lines[index] as string).trim().length === 0
  const none: Detection = { confidence: 0, senderEvidence: 'none', foreignEmail: false, features }

  let firstContent = first
  while (firstContent < end && isBlank(firstContent)) firstContent++
  let lastContent = end - 1
  while (lastContent >= firstContent && isBlank(lastContent)) lastContent--
  if (lastContent < firstContent) return none

  // Window: the last WINDOW_LINES non-blank lines.
  let windowStart = lastContent
  for (let count = 0; windowStart > firstContent && count < WINDOW_LINES; windowStart--) {
    if (!isBlank(windowStart)) count++
  }

  // Trailing mobile footers and the rule above them.
  let contentEnd = lastContent
  let footer: LineRange | undefined
  while (contentEnd >= windowStart && (isBlank(contentEnd) || feat(contentEnd).mobile)) {
    if (!isBlank(contentEnd)) footer = { startLine: contentEnd, endLine: footer?.endLine ?? contentEnd }
    contentEnd--
  }
  if (footer !== undefined) {
    let k = contentEnd
    while (k >= windowStart && isBlank(k)) k--
    if (k >= windowStart && feat(k).rule) {
      footer.startLine = k
      contentEnd = k - 1
    }
    while (contentEnd >= windowStart && isBlank(contentEnd)) contentEnd--
  }
  if (contentEnd < firstContent) return { ...none, ...(footer ? { footer } : {}) }

  // Disclaimer paragraphs at the bottom (confidentiality notices, legal text).
  let sigEnd = contentEnd
  let disclaimer: LineRange | undefined
  for (;;) {
    let top = sigEnd
    while (top - 1 >= windowStart && !isBlank(top - 1) && !feat(top - 1).rule) top--
    let marked = false
    let words = 0
    for (let k = top; k <= sigEnd; k++) {
      const line = feat(k)
      words += line.words
      if (line.disclaimer) marked = true
    }
    if (!marked || words < 12 || top <= firstContent) break
    // A notice glued under the signature without a blank line starts at its first long or marked line.
    let start = top
    while (start < sigEnd && !feat(start).disclaimer && !feat(start).prose && isSignatureish(feat(start)))
      start++
    const glued = start > top
    disclaimer = { startLine: start, endLine: disclaimer?.endLine ?? sigEnd }
    sigEnd = glued ? start - 1 : top - 1
    if (glued) break
    while (sigEnd >= windowStart && (isBlank(sigEnd) || feat(sigEnd).rule)) {
      if (feat(sigEnd).rule) disclaimer.startLine = sigEnd
      sigEnd--
    }
    if (sigEnd < windowStart) break
  }
  if (sigEnd < firstContent)
    return { ...none, ...(footer ? { footer } : {}), ...(disclaimer ? { disclaimer } : {}) }

  const finish = (
    startLine: number,
    method: DetectionMethod,
    base: number,
    signOffLine?: number,
  ): Detection => {
    let endLine = sigEnd
    while (endLine > startLine && isBlank(endLine)) endLine--
    if (footer !== undefined && disclaimer === undefined) endLine = footer.endLine
    let contacts = 0
    let senderEvidence: Detection['senderEvidence'] = 'none'
    let emails = 0
    for (let k = startLine; k <= endLine; k++) {
      if (isBlank(k)) continue
      const line = feat(k)
      if (line.contact) contacts++
      emails += line.emails.length
      if (line.senderEmail) senderEvidence = 'email'
      else if (line.sender > 0 && senderEvidence === 'none') senderEvidence = 'name'
    }
    const foreignEmail = emails > 0 && sender.address !== undefined && senderEvidence !== 'email'
    let confidence = base + Math.min(contacts, 2) * 0.05 + (senderEvidence === 'none' ? 0 : 0.1)
    if (foreignEmail) confidence -= 0.2
    const signature: NonNullable<Detection['signature']> = { startLine, endLine, method }
    if (signOffLine !== undefined) signature.signOffLine = signOffLine
    const detection: Detection = {
      signature,
      confidence: Math.max(0.05, Math.min(0.99, Math.round(confidence * 100) / 100)),
      senderEvidence,
      foreignEmail,
      features,
    }
    if (disclaimer !== undefined) detection.disclaimer = disclaimer
    if (footer !== undefined) detection.footer = footer
    return detection
  }

  // Lines counted against maxSignatureLines: a label alone on its line ("Tel.:") goes with its value below.
  const nonBlankBetween = (from: number, to: number): number => {
    let count = 0
    for (let k = from; k <= to; k++) if (!isBlank(k) && !feat(k).label) count++
    return count
  }

  // 1. A signature container in the HTML (Gmail, Outlook on the web, Apple Mail, Thunderbird).
  const html = options.htmlSignature
  if (html !== undefined && html.startLine <= sigEnd && html.startLine > firstContent) {
    let start = html.startLine
    while (start < sigEnd && isBlank(start)) start++
    if (!isBlank(start) && !feat(start).mobile) {
      let above = start - 1
      while (above > firstContent && isBlank(above)) above--
      const signOffLine = above > firstContent && feat(above).signOff !== 'none' ? above : undefined
      return finish(signOffLine ?? start, 'html-container', 0.85, signOffLine)
    }
  }

  // 2. The `-- ` delimiter with a short block below it. Found by its text alone: classifying every line of
  // the window (long body paragraphs included) only to find none would cost more than all the rest.
  for (let k = sigEnd; k >= windowStart && k > firstContent; k--) {
    if (!isDelimiterLine(lines[k] as string)) continue
    const count = nonBlankBetween(k + 1, sigEnd)
    let prose = 0
    for (let j = k + 1; j <= sigEnd; j++) if (!isBlank(j) && feat(j).prose) prose++
    if (count >= 1 && count <= options.maxSignatureLines && prose <= 1) return finish(k, 'delimiter', 0.75)
    break
  }

  // 3. A closing formula followed only by signature-like lines.
  for (let k = sigEnd, below = 0; k >= windowStart && k > firstContent; k--) {
    if (isBlank(k)) continue
    const line = feat(k)
    if (line.signOff !== 'none' && !line.prose) {
      if (below === 0 && line.signOff === 'exact') break
      let above = k - 1
      while (above >= firstContent && isBlank(above)) above--
      // A formula glued under a rule belongs to the rule's block.
      // Tested on the text: the line above is usually body text, which needs no classifying.
      const start =
        above === k - 1 && above > firstContent && isRuleOnlyLine(lines[above] as string) ? above : k
      return finish(start, 'sign-off', 0.7, k)
    }
    if (line.prose || line.delimiter || line.rule) break
    if (!line.label) below++
    if (below > options.maxSignatureLines) break
  }

  // 4. A contact block without a formula, grown upwards paragraph by paragraph.
  let start = -1
  let k = sigEnd
  let bottomParagraph = true
  let ruleStart = false
  while (k >= windowStart && k >= firstContent) {
    while (k >= windowStart && isBlank(k)) k--
    if (k < windowStart) break
    // Collect this paragraph bottom-up until a blank line or a non-signature line.
    let top = k
    let strong = false
    let broken = false
    while (top >= windowStart && !isBlank(top)) {
      const line = feat(top)
      if (line.rule || line.delimiter) {
        ruleStart = true
        break
      }
      if (!isSignatureish(line)) {
        broken = true
        break
      }
      if (isStrong(line)) strong = true
      top--
    }
    const paragraphTop = top + 1
    if (paragraphTop > k) {
      if (ruleStart) start = top
      break
    }
    if (!bottomParagraph && !strong) break
    start = ruleStart ? top : paragraphTop
    if (broken || ruleStart) break
    bottomParagraph = false
    k = top
  }
  if (start < 0) return { ...none, ...(footer ? { footer } : {}), ...(disclaimer ? { disclaimer } : {}) }
  // Never the whole mail: the first line is body text.
  while (start <= sigEnd && (start <= firstContent || isBlank(start))) start++
  if (start > sigEnd) return { ...none, ...(footer ? { footer } : {}), ...(disclaimer ? { disclaimer } : {}) }
  // Trim to the bottom maxSignatureLines lines.
  while (nonBlankBetween(start, sigEnd) > options.maxSignatureLines) start++
  // A list introduced by "Please contact:" is body text, not a signature.
  const prev = start - 1
  if (
    prev >= firstContent &&
    !isBlank(prev) &&
    (lines[prev] as string).trim().endsWith(':') &&
    !feat(start).rule
  ) {
    return { ...none, ...(footer ? { footer } : {}), ...(disclaimer ? { disclaimer } : {}) }
  }
  let senderHit = false
  let contacts = 0
  let names = 0
  let strongCount = 0
  let roles = 0
  for (let j = start; j <= sigEnd; j++) {
    if (isBlank(j)) continue
    const line = feat(j)
    if (line.sender > 0 || line.senderEmail) senderHit = true
    if (line.contact) contacts++
    if (line.nameLike) names++
    if (line.jobTitle || line.company) roles++
    if (isStrong(line)) strongCount++
  }
  const isRuleTop = feat(start).rule || feat(start).delimiter
  const accepted =
    senderHit ||
    (contacts >= 1 && (names >= 1 || roles >= 1)) ||
    strongCount >= 3 ||
    (isRuleTop && strongCount >= 1 && nonBlankBetween(start, sigEnd) >= 2)
  if (!accepted) return { ...none, ...(footer ? { footer } : {}), ...(disclaimer ? { disclaimer } : {}) }
  return finish(start, 'contact-block', senderHit ? 0.6 : 0.5)
}
