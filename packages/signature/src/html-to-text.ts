import { decodeEntities } from './internal/entities.js'

/**
 * A line range in rendered text (0-based, inclusive).
 *
 * @example
 * ```ts
 * const range: LineRange = { startLine: 4, endLine: 9 }
 * ```
 */
export interface LineRange {
  /** First line, 0-based. */
  startLine: number
  /** Last line, 0-based, inclusive. */
  endLine: number
}

/** What {@link renderHtml} found besides the text. @internal */
export interface RenderedHtml {
  text: string
  /** Lines of the first signature container (Gmail `gmail_signature`, Outlook `#Signature`, Apple Mail, Thunderbird). */
  signature?: LineRange
  /** True when rendering stopped at a quoted reply or forwarded message container. */
  quoteRemoved: boolean
}

const BLOCK_TAGS = new Set([
  'div',
  'p',
  'tr',
  'li',
  'ul',
  'ol',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'address',
  'section',
  'article',
  'header',
  'footer',
  'center',
  'dl',
  'dd',
  'dt',
  'hr',
  'form',
  'fieldset',
  'figure',
  'figcaption',
  'main',
  'nav',
  'aside',
  'caption',
])
const MAX_DEPTH = 256
const VOID_TAGS = new Set([
  'br',
  'img',
  'hr',
  'meta',
  'link',
  'input',
  'col',
  'area',
  'base',
  'wbr',
  'source',
])
const SKIP_CONTENT = new Set([
  'script',
  'style',
  'head',
  'title',
  'noscript',
  'template',
  'svg',
  'xml',
  'object',
])

function isSignatureContainer(attributes: string): boolean {
  // Every marker below contains "signature".
  if (!attributes.includes('signature')) return false
  return (
    attributes.includes('gmail_signature') ||
    attributes.includes('moz-signature') ||
    attributes.includes('applemailsignature') ||
    /\bid\s*=\s*["']?(?:x_)?signature\b/.test(attributes) ||
    /\bclass\s*=\s*["']?(?:x_)?signature\b/.test(attributes) ||
    attributes.includes('data-smartmail="gmail_signature"')
  )
}

function isQuoteContainer(tag: string, attributes: string): boolean {
  if (tag === 'blockquote') return true
  return (
    attributes.includes('gmail_quote') ||
    attributes.includes('divrplyfwdmsg') ||
    attributes.includes('appendonsend') ||
    attributes.includes('moz-cite-prefix') ||
    attributes.includes('yahoo_quoted') ||
    attributes.includes('outlookmessageheader') ||
    attributes.includes('mail-quote-collapse') ||
    // Outlook desktop draws a rule above the "From: / Sent:" header of the quoted message.
    attributes.includes('border-top:solid #e1e1e1') ||
    attributes.includes('border-top:solid #b5c4df')
  )
}

// The whitespace HTML collapses: space, LF, CR, tab, form feed.
function isCollapsible(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 12
}

// Letters, digits and `:` (as in `o:p`) of a tag name.
function isTagNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 58
  )
}

// Case-insensitive search for `</tag` without lower-casing the whole document each time.
function findClosingTag(html: string, tag: string, from: number): number {
  let index = from
  for (;;) {
    const found = html.indexOf('</', index)
    if (found < 0) return -1
    if (html.slice(found + 2, found + 2 + tag.length).toLowerCase() === tag) return found
    index = found + 2
  }
}

/**
 * Renders e-mail HTML to text that keeps its line structure, notes the signature container
 * and stops at the quoted part.
 *
 * @internal
 */
export function renderHtml(html: string): RenderedHtml {
  const lines: string[] = []
  let current = ''
  let pendingSpace = false
  let preDepth = 0
  const stack: string[] = []
  let signatureDepth = -1
  let signatureStart = -1
  let signature: LineRange | undefined
  let quoteRemoved = false
  let cellBreaks = 0
  // Line count when each Outlook paragraph opened: an empty one is a blank line.
  const msoParagraphs: number[] = []

  const breakLine = () => {
    lines.push(current.trimEnd())
    current = ''
    pendingSpace = false
    cellBreaks++
  }
  const softBreak = () => {
    if (current.trim().length > 0) breakLine()
    else current = ''
  }
  const blankLine = () => {
    softBreak()
    if (lines.length > 0 && lines[lines.length - 1] !== '') breakLine()
  }
  const appendText = (raw: string) => {
    const decoded = decodeEntities(raw)
    if (preDepth > 0) {
      const parts = decoded.split(/\r?\n/)
      parts.forEach((part, index) => {
        if (index > 0) breakLine()
        current += part
      })
      return
    }
    // Whitespace runs collapse to one pending space; words are appended whole.
    let k = 0
    while (k < decoded.length) {
      if (isCollapsible(decoded.charCodeAt(k))) {
        pendingSpace = true
        k++
        continue
      }
      let end = k + 1
      while (end < decoded.length && !isCollapsible(decoded.charCodeAt(end))) end++
      if (pendingSpace && current.length > 0) current += ' '
      pendingSpace = false
      current += k === 0 && end === decoded.length ? decoded : decoded.slice(k, end)
      k = end
    }
  }
  const closeSignature = () => {
    if (signatureStart >= 0 && signature === undefined) {
      softBreak()
      if (lines.length - 1 >= signatureStart)
        signature = { startLine: signatureStart, endLine: lines.length - 1 }
    }
    signatureDepth = -1
  }

  let i = 0
  const length = html.length
  while (i < length) {
    const lt = html.indexOf('<', i)
    if (lt < 0) {
      appendText(html.slice(i))
      break
    }
    if (lt > i) appendText(html.slice(i, lt))
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4)
      i = end < 0 ? length : end + 3
      continue
    }
    if (html.startsWith('<!', lt) || html.startsWith('<?', lt)) {
      const end = html.indexOf('>', lt + 2)
      i = end < 0 ? length : end + 1
      continue
    }
    const closing = html[lt + 1] === '/'
    let j = lt + (closing ? 2 : 1)
    const nameStart = j
    while (j < length && isTagNameChar(html.charCodeAt(j))) j++
    if (j === nameStart) {
      appendText('<')
      i = lt + 1
      continue
    }
    const tag = html.slice(nameStart, j).toLowerCase()
    // Find the end of the tag, respecting quoted attribute values.
    let quote = 0
    let k = j
    for (; k < length; k++) {
      const code = html.charCodeAt(k)
      if (quote !== 0) {
        if (code === quote) quote = 0
      } else if (code === 34 || code === 39)
        quote = code // " '
      else if (code === 62) break // >
    }
    i = k + 1
    if (closing) {
      const index = stack.lastIndexOf(tag)
      if (index >= 0) {
        stack.length = index
        if (signatureDepth >= 0 && index <= signatureDepth) closeSignature()
      }
      if (tag === 'pre' && preDepth > 0) preDepth--
      if (tag === 'td' || tag === 'th') {
        if (cellBreaks > 0) softBreak()
        else pendingSpace = true
      } else if (tag === 'p' && msoParagraphs.length > 0) {
        const openedAt = msoParagraphs.pop() as number
        if (lines.length === openedAt && current.trim().length === 0) breakLine()
        else softBreak()
      } else if (BLOCK_TAGS.has(tag)) softBreak()
      continue
    }
    // Attributes matter only on opening tags.
    const attributes = k > j ? html.slice(j, k).toLowerCase() : ''
    if (SKIP_CONTENT.has(tag) && !attributes.endsWith('/')) {
      const end = findClosingTag(html, tag, i)
      if (end < 0) break
      const close = html.indexOf('>', end)
      i = close < 0 ? length : close + 1
      continue
    }
    if (isQuoteContainer(tag, attributes)) {
      quoteRemoved = true
      break
    }
    if (tag === 'br') {
      breakLine()
      continue
    }
    if (tag === 'td' || tag === 'th') {
      cellBreaks = 0
    }
    if (tag === 'p') {
      // Outlook writes one MsoNormal paragraph per line; other clients use paragraphs with margins.
      if (attributes.includes('mso')) {
        softBreak()
        msoParagraphs.push(lines.length)
      } else blankLine()
    } else if (BLOCK_TAGS.has(tag)) {
      softBreak()
    }
    if (tag === 'pre') preDepth++
    // Deeper nesting than MAX_DEPTH is not tracked, so mismatched closing tags cost at most MAX_DEPTH steps.
    if (!VOID_TAGS.has(tag) && !attributes.endsWith('/') && stack.length < MAX_DEPTH) {
      stack.push(tag)
      if (signatureDepth < 0 && signature === undefined && isSignatureContainer(attributes)) {
        softBreak()
        signatureDepth = stack.length - 1
        signatureStart = lines.length
      }
    }
  }
  if (signatureDepth >= 0) closeSignature()
  softBreak()
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  const result: RenderedHtml = { text: lines.join('\n'), quoteRemoved }
  if (signature !== undefined && signature.endLine < lines.length) result.signature = signature
  return result
}

/**
 * Renders e-mail HTML as plain text that keeps its line structure: block elements and `<br>` become
 * line breaks, table cells stay on one line unless they hold several lines, entities are decoded,
 * `<style>`/`<script>` dropped. Quoted replies (`gmail_quote`, `<blockquote>`, Outlook's reply header)
 * are cut off.
 *
 * @param html - The `text/html` part of a mail.
 * @returns The visible text, one line per rendered line.
 *
 * @example
 * ```ts
 * htmlToText('<div>Hallo</div><div><br></div><div>Viele Gr&uuml;&szlig;e<br>Anna</div>')
 * // 'Hallo\n\nViele Grüße\nAnna'
 * ```
 */
export function htmlToText(html: string): string {
  return renderHtml(html).text
}
