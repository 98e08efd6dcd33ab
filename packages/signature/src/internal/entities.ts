// The named entities mail clients actually emit; anything else is kept as written.
const NAMED: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  eacute: 'é',
  Eacute: 'É',
  egrave: 'è',
  Egrave: 'È',
  ecirc: 'ê',
  euml: 'ë',
  agrave: 'à',
  Agrave: 'À',
  aacute: 'á',
  acirc: 'â',
  atilde: 'ã',
  ccedil: 'ç',
  Ccedil: 'Ç',
  iacute: 'í',
  igrave: 'ì',
  icirc: 'î',
  iuml: 'ï',
  oacute: 'ó',
  ograve: 'ò',
  ocirc: 'ô',
  otilde: 'õ',
  oslash: 'ø',
  uacute: 'ú',
  ugrave: 'ù',
  ucirc: 'û',
  ntilde: 'ñ',
  Ntilde: 'Ñ',
  aring: 'å',
  aelig: 'æ',
  oelig: 'œ',
  euro: '€',
  pound: '£',
  copy: '©',
  reg: '®',
  trade: '™',
  middot: '·',
  bull: '•',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  sbquo: '‚',
  bdquo: '„',
  shy: '',
  zwnj: '',
  zwj: '',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  vert: '|',
  verbar: '|',
  sect: '§',
  deg: '°',
  para: '¶',
  times: '×',
  iexcl: '¡',
  iquest: '¿',
}

/**
 * Decodes HTML character references (`&amp;`, `&auml;`, `&#228;`, `&#xE4;`) in one linear pass.
 *
 * @internal
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  let out = ''
  let i = 0
  let semiCache = -2
  while (i < text.length) {
    const amp = text.indexOf('&', i)
    if (amp < 0) {
      out += text.slice(i)
      break
    }
    out += text.slice(i, amp)
    // The next `;` is searched once and reused, so a text of many `&` without `;` stays linear.
    if (semiCache !== -1 && semiCache <= amp) semiCache = text.indexOf(';', amp + 1)
    const semi = semiCache
    if (semi < 0 || semi - amp > 10) {
      out += '&'
      i = amp + 1
      continue
    }
    const name = text.slice(amp + 1, semi)
    let decoded: string | undefined
    if (name.startsWith('#x') || name.startsWith('#X')) {
      decoded = fromCodePoint(Number.parseInt(name.slice(2), 16))
    } else if (name.startsWith('#')) {
      decoded = fromCodePoint(Number.parseInt(name.slice(1), 10))
    } else {
      decoded = NAMED[name]
    }
    if (decoded === undefined) {
      out += '&'
      i = amp + 1
    } else {
      out += decoded
      i = semi + 1
    }
  }
  return out
}

function fromCodePoint(code: number): string | undefined {
  if (!Number.isFinite(code) || code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
    return undefined
  if (code === 0xa0) return ' '
  if (code === 0xad || code === 0x200b || code === 0x200c || code === 0x200d || code === 0xfeff) return ''
  return String.fromCodePoint(code)
}
