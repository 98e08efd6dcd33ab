// `pnpm eval:signature`: signature detection on the forge and talon data, side by side with the npm
// packages `talon` (a port of talon's brute-force heuristic) and `email-reply-parser`.
import { createRequire } from 'node:module'
import EmailReplyParser from 'email-reply-parser'
import { extractSignature } from '../src/index.js'
import { type LabelledMail, loadForge, loadTalon, parseSender } from './eval-data.js'
import { toGmailHtml, toHtml } from './eval-html.js'

const require = createRequire(import.meta.url)
const talon = require('talon') as {
  signature: { bruteforce: { extractSignature(body: string): { text: string; signature: string | null } } }
}

type Predictor = (mail: LabelledMail) => Set<number>

function nonBlank(lines: string[]): number[] {
  return lines.flatMap((line, index) => (line.trim() === '' ? [] : [index]))
}

// Marks the trailing non-blank lines of `text` that a peer returned as its signature text.
function markTrailing(text: string, signature: string | null | undefined): Set<number> {
  const predicted = new Set<number>()
  if (!signature || signature.trim() === '') return predicted
  const lines = text.split('\n')
  const want = nonBlank(signature.split('\n')).length
  const candidates = nonBlank(lines)
  for (const index of candidates.slice(Math.max(0, candidates.length - want))) predicted.add(index)
  return predicted
}

const ours: Predictor = (mail) => {
  const result = extractSignature({ text: mail.text, from: parseSender(mail.sender) }, { parse: false })
  const predicted = new Set<number>()
  if (result.signature) {
    const lines = mail.text.split('\n')
    for (let k = result.signature.startLine; k <= result.signature.endLine; k++) {
      if ((lines[k] ?? '').trim() !== '') predicted.add(k)
    }
  }
  return predicted
}

function htmlPredictor(render: (text: string) => string): Predictor {
  return (mail) => {
    const result = extractSignature(
      { html: render(mail.text), from: parseSender(mail.sender) },
      { parse: false },
    )
    const predicted = new Set<number>()
    if (!result.signature) return predicted
    // Rendered lines map one-to-one onto source lines (each source line is one block element).
    const lines = mail.text.split('\n')
    for (let k = result.signature.startLine; k <= result.signature.endLine; k++) {
      if ((lines[k] ?? '').trim() !== '') predicted.add(k)
    }
    return predicted
  }
}

const oursHtml = htmlPredictor(toHtml)
const oursGmail = htmlPredictor(toGmailHtml)

const talonPort: Predictor = (mail) => {
  const { signature } = talon.signature.bruteforce.extractSignature(mail.text)
  return markTrailing(mail.text.trim() === mail.text ? mail.text : mail.text.replace(/\s+$/, ''), signature)
}

const replyParser: Predictor = (mail) => {
  const email = new EmailReplyParser().read(mail.text)
  const signatureLines = new Set<string>()
  for (const fragment of email.getFragments()) {
    if (fragment.isSignature() && !fragment.isQuoted()) {
      for (const line of fragment.getContent().split('\n'))
        if (line.trim() !== '') signatureLines.add(line.trim())
    }
  }
  const predicted = new Set<number>()
  const lines = mail.text.split('\n')
  for (let k = lines.length - 1; k >= 0; k--) {
    const line = (lines[k] as string).trim()
    if (line === '') continue
    if (!signatureLines.has(line)) break
    predicted.add(k)
  }
  return predicted
}

interface Scores {
  detection: { precision: number; recall: number; f1: number }
  lines: { precision: number; recall: number; f1: number }
  exact: number
  falsePositiveRate: number
  bodyLinesRemoved: number
  bodyLines: number
  stripped: string
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
}

function score(
  mails: LabelledMail[],
  predict: Predictor,
  signatureText?: (mail: LabelledMail) => string,
): Scores {
  let tp = 0
  let fp = 0
  let fn = 0
  let ltp = 0
  let lfp = 0
  let lfn = 0
  let exact = 0
  let scored = 0
  let negatives = 0
  let falsePositives = 0
  let bodyLinesRemoved = 0
  let bodyLines = 0
  let strippedOk = 0
  let strippedTotal = 0
  for (const mail of mails) {
    const predicted = predict(mail)
    const found = predicted.size > 0
    if (mail.positive && found) tp++
    if (!mail.positive && found) fp++
    if (mail.positive && !found) fn++
    if (!mail.positive) {
      negatives++
      if (found) falsePositives++
    }
    const gold = mail.goldLines
    if (gold !== undefined) {
      const lines = mail.text.split('\n')
      for (const index of nonBlank(lines)) {
        const g = gold.has(index)
        const p = predicted.has(index)
        if (g && p) ltp++
        else if (p) lfp++
        else if (g) lfn++
        if (!g) {
          bodyLines++
          if (p) bodyLinesRemoved++
        }
      }
      if (mail.positive) {
        scored++
        if (gold.size === predicted.size && [...gold].every((index) => predicted.has(index))) exact++
      }
    }
    if (mail.expectedSignature !== undefined && signatureText) {
      strippedTotal++
      if (signatureText(mail) === mail.expectedSignature) strippedOk++
    }
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp)
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn)
  const lp = ltp + lfp === 0 ? 0 : ltp / (ltp + lfp)
  const lr = ltp + lfn === 0 ? 0 : ltp / (ltp + lfn)
  return {
    detection: { precision, recall, f1: f1(precision, recall) },
    lines: { precision: lp, recall: lr, f1: f1(lp, lr) },
    exact: scored === 0 ? 0 : exact / scored,
    falsePositiveRate: negatives === 0 ? 0 : falsePositives / negatives,
    bodyLinesRemoved,
    bodyLines,
    stripped: strippedTotal === 0 ? '-' : `${strippedOk}/${strippedTotal}`,
  }
}

const oursText = (mail: LabelledMail) =>
  extractSignature(
    { text: mail.text, from: parseSender(mail.sender) },
    { parse: false },
  ).signature?.text.trim() ?? ''
const talonText = (mail: LabelledMail) =>
  talon.signature.bruteforce.extractSignature(mail.text).signature?.trim() ?? ''

function pct(value: number): string {
  return value.toFixed(3)
}

function table(
  title: string,
  mails: LabelledMail[],
  rows: [string, Predictor, ((mail: LabelledMail) => string)?][],
) {
  console.log(
    `\n## ${title} (${mails.length} mails, ${mails.filter((mail) => mail.positive).length} with signature)\n`,
  )
  console.log(
    '| system | det. P | det. R | det. F1 | line P | line R | line F1 | exact block | FP rate (no-sig mails) | body lines removed | talon stripped/ exact |',
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  const results: Record<string, Scores> = {}
  for (const [name, predict, text] of rows) {
    const s = score(mails, predict, text)
    results[name] = s
    console.log(
      `| ${name} | ${pct(s.detection.precision)} | ${pct(s.detection.recall)} | ${pct(s.detection.f1)} | ${pct(s.lines.precision)} | ${pct(s.lines.recall)} | ${pct(s.lines.f1)} | ${pct(s.exact)} | ${pct(s.falsePositiveRate)} | ${s.bodyLinesRemoved}/${s.bodyLines} | ${s.stripped} |`,
    )
  }
  return results
}

const forge = loadForge()
const talonMails = loadTalon()
const all = [...forge, ...talonMails]
const systems: [string, Predictor, ((mail: LabelledMail) => string)?][] = [
  ['@contactkit/signature (text)', ours, oursText],
  ['@contactkit/signature (Outlook-style HTML)', oursHtml],
  ['@contactkit/signature (Gmail-style HTML)', oursGmail],
  ['talon (npm 2.3.2, brute-force port)', talonPort, talonText],
  ['email-reply-parser (npm 2.3.7)', replyParser],
]
console.log('# Signature detection evaluation')
table('forge (Enron, dev split)', forge, systems)
table('talon fixtures', talonMails, systems)
const total = table('all', all, systems)
const oursScore = total['@contactkit/signature (text)'] as Scores
const talonScore = total['talon (npm 2.3.2, brute-force port)'] as Scores
const htmlScore = total['@contactkit/signature (Outlook-style HTML)'] as Scores
console.log('\n## Targets\n')
const check = (ok: boolean) => (ok ? 'met' : 'NOT met')
console.log(`- line F1 ≥ 0.92: ${pct(oursScore.lines.f1)} — ${check(oursScore.lines.f1 >= 0.92)}`)
console.log(
  `- line F1 ≥ talon + 0.10: ${pct(oursScore.lines.f1)} vs ${pct(talonScore.lines.f1)} — ${check(oursScore.lines.f1 >= talonScore.lines.f1 + 0.1)}`,
)
console.log(
  `- false positives ≤ 5%: ${pct(oursScore.falsePositiveRate)} — ${check(oursScore.falsePositiveRate <= 0.05)}`,
)
console.log(
  `- talon stripped/ exact: ${oursScore.stripped} — ${check(oursScore.stripped.split('/')[0] === oursScore.stripped.split('/')[1])}`,
)
console.log(
  `- HTML within 2 points of text (line F1): ${pct(htmlScore.lines.f1)} vs ${pct(oursScore.lines.f1)} — ${check(Math.abs(htmlScore.lines.f1 - oursScore.lines.f1) <= 0.02)}`,
)
if (process.argv.includes('--errors')) {
  for (const mail of all) {
    const predicted = ours(mail)
    const gold = mail.goldLines ?? new Set<number>()
    const same = gold.size === predicted.size && [...gold].every((index) => predicted.has(index))
    if (!same)
      console.log(`\n--- ${mail.id}: gold ${[...gold].join(',')} predicted ${[...predicted].join(',')}`)
  }
}
