// Renders a plain-text mail as Outlook-style HTML (one MsoNormal paragraph per line), so the
// evaluation can compare detection on HTML with detection on the same mail as text.
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

export function toHtml(text: string): string {
  const paragraphs = text
    .split('\n')
    .map((line) =>
      line.trim() === ''
        ? '<p class=MsoNormal><o:p>&nbsp;</o:p></p>'
        : `<p class=MsoNormal>${escapeHtml(line)}<o:p></o:p></p>`,
    )
  return `<html><head><style>p.MsoNormal{margin:0cm}</style></head><body lang=DE><div class=WordSection1>${paragraphs.join('\n')}</div></body></html>`
}

// Gmail-style HTML: one <div> per line, <div><br></div> for a blank line.
export function toGmailHtml(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => (line.trim() === '' ? '<div><br></div>' : `<div>${escapeHtml(line)}</div>`))
  return `<div dir="ltr">${lines.join('')}</div>`
}
