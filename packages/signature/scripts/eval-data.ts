// Loads the labelled signature data sets (forge, talon) shared beside the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** One labelled mail. */
export interface LabelledMail {
  id: string
  /** The body with labels removed. */
  text: string
  sender: string
  /** Whether the mail has a signature (email-level gold). */
  positive: boolean
  /** Indices of signature lines (non-blank), or undefined when line labels are unusable. */
  goldLines: Set<number> | undefined
  /** Expected signature text for talon's `stripped/` fixtures. */
  expectedSignature?: string
}

export const dataRoot = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : ''
}

function stripLabels(body: string): { text: string; gold: Set<number> } {
  const gold = new Set<number>()
  const lines = body.split('\n').map((line, index) => {
    if (line.startsWith('#sig#')) {
      const stripped = line.slice(5)
      if (stripped.trim() !== '') gold.add(index)
      return stripped
    }
    if (line.startsWith('#reply#')) return line.slice(7)
    return line
  })
  return { text: lines.join('\n'), gold }
}

function loadPairs(folder: string, positive: boolean, prefix: string): LabelledMail[] {
  if (!existsSync(folder)) return []
  const mails: LabelledMail[] = []
  for (const file of readdirSync(folder).sort()) {
    if (!file.endsWith('_body')) continue
    const name = file.slice(0, -5)
    const { text, gold } = stripLabels(read(join(folder, file)))
    const sender = read(join(folder, `${name}_sender`)).trim()
    // forge README: P/15 is positive but carries no line labels; it counts for detection only.
    const goldLines = positive && gold.size === 0 ? undefined : gold
    mails.push({ id: `${prefix}/${name}`, text, sender, positive, goldLines })
  }
  return mails
}

/** The forge development split (Enron mails, CC BY 3.0). */
export function loadForge(): LabelledMail[] {
  const root = join(dataRoot, 'signatures-forge', 'dataset')
  return [...loadPairs(join(root, 'P'), true, 'forge/P'), ...loadPairs(join(root, 'N'), false, 'forge/N')]
}

/** Talon's fixtures: `P/` (line labels) and `stripped/` (expected signature text). */
export function loadTalon(): LabelledMail[] {
  const root = join(dataRoot, 'signatures-talon', 'emails')
  const mails = loadPairs(join(root, 'P'), true, 'talon/P')
  const stripped = join(root, 'stripped')
  if (existsSync(stripped)) {
    for (const file of readdirSync(stripped).sort()) {
      if (!file.endsWith('_body')) continue
      const name = file.slice(0, -5)
      const { text } = stripLabels(read(join(stripped, file)))
      const expected = stripLabels(read(join(stripped, `${name}_signature`))).text.trim()
      const sender = read(join(stripped, `${name}_sender`)).trim()
      // Line gold: the trailing non-blank lines of the body that equal the expected signature's lines.
      const gold = new Set<number>()
      if (expected !== '') {
        const lines = text.split('\n')
        const want = expected.split('\n').filter((line) => line.trim() !== '')
        let k = lines.length - 1
        for (let w = want.length - 1; w >= 0 && k >= 0; k--) {
          if ((lines[k] as string).trim() === '') continue
          if ((lines[k] as string).trim() === (want[w] as string).trim()) {
            gold.add(k)
            w--
          } else break
        }
      }
      mails.push({
        id: `talon/stripped/${name}`,
        text,
        sender,
        positive: expected !== '',
        goldLines: gold,
        expectedSignature: expected,
      })
    }
  }
  return mails
}

/** Splits a raw `From` value (`"Cook  Diane H." <Diane.H.Cook@ENRON.com>`) into name and address. */
export function parseSender(raw: string): { name?: string; address?: string } {
  const match = /<([^<>@\s]+@[^<>\s]+)>|\[mailto:([^\]\s]+)\]|(^[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}$)/i.exec(raw)
  const address = match ? (match[1] ?? match[2] ?? match[3]) : undefined
  const name = raw
    .replace(/<[^>]*>|\[mailto:[^\]]*\]/g, '')
    .replace(/"/g, '')
    .trim()
  const sender: { name?: string; address?: string } = {}
  if (name !== '' && name !== address) sender.name = name
  if (address !== undefined) sender.address = address
  return sender
}
