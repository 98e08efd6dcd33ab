// The import page: upload, adjust the suggested mapping, run in the background, review duplicates.

const { ck } = globalThis

const importState = { id: null, country: 'DE' }

async function loadLists() {
  const { lists } = await ck.api('GET', '/lists')
  const select = document.getElementById('upload-list')
  select.replaceChildren(...lists.map((list) => ck.el('option', { value: list.id, text: list.name })))
}

function renderMapping(upload) {
  const preview = upload.preview
  document.getElementById('file-info').textContent =
    `${upload.fileName}: ${preview.format}${preview.encoding ? `, ${preview.encoding}` : ''}${preview.delimiter ? `, separated by "${preview.delimiter}"` : ''}`
  const rows = preview.suggestions.map((suggestion) => {
    const id = `map-${suggestion.column}`
    const select = ck.el(
      'select',
      { id, 'data-column': suggestion.column },
      ck.el('option', { value: '', text: '— ignore —' }),
      ...preview.fields.map((field) =>
        ck.el('option', { value: field, text: field, selected: suggestion.field === field }),
      ),
    )
    if (suggestion.field && !preview.fields.includes(suggestion.field)) {
      select.append(ck.el('option', { value: suggestion.field, text: suggestion.field, selected: true }))
    }
    const samples = preview.sample
      .map((row) => row[suggestion.column] || '')
      .filter(Boolean)
      .slice(0, 3)
    return ck.el(
      'tr',
      {},
      ck.el(
        'th',
        { scope: 'row' },
        ck.el('label', { for: id, text: suggestion.header || `Column ${suggestion.column + 1}` }),
      ),
      ck.el('td', { class: 'reason', text: samples.join(' · ') }),
      ck.el('td', {}, select),
    )
  })
  document.getElementById('mapping-rows').replaceChildren(...rows)
  document.getElementById('mapping').hidden = false
  document.getElementById('mapping-heading').focus()
}

function renderProgress(state) {
  const progress = state.progress
  const percent = progress.totalBytes ? Math.round((progress.bytesRead / progress.totalBytes) * 100) : 0
  const bar = document.getElementById('progress')
  bar.value = state.status === 'done' ? 100 : percent
  const text = `${progress.rowsRead} rows read: ${progress.created} created, ${progress.review} waiting for review, ${progress.invalid} could not be read, ${progress.withIssues} with issues.`
  document.getElementById('progress-text').textContent =
    state.status === 'failed'
      ? `Import failed: ${state.error ? state.error.message : ''}`
      : `${state.status === 'done' ? 'Done. ' : ''}${text}`
}

async function poll() {
  for (;;) {
    const state = await ck.api('GET', `/imports/${importState.id}`)
    renderProgress(state)
    if (state.status === 'done' || state.status === 'failed') return state
    await new Promise((resolve) => setTimeout(resolve, 400))
  }
}

async function loadReview() {
  const { rows } = await ck.api('GET', `/imports/${importState.id}/rows?outcome=review&limit=500`)
  const list = document.getElementById('review-rows')
  list.replaceChildren(
    ...rows.map((row) => {
      const best = row.candidates[0]
      const item = ck.el(
        'li',
        { 'data-row': row.rowNumber },
        ck.el('strong', { text: `Row ${row.rowNumber}: ${ck.nameOf(row.contact)}` }),
        best
          ? ` — ${best.verdict} of ${ck.nameOf(best.contact)} (${Math.round(best.probability * 1000) / 10} %) `
          : ' ',
        ck.el('a', {
          href: `/app/merge.html?import=${importState.id}&row=${row.rowNumber}`,
          text: `Review row ${row.rowNumber} in the merge view`,
        }),
        ' ',
        ck.el('button', {
          type: 'button',
          class: 'secondary',
          text: `Create row ${row.rowNumber} as new`,
          onclick: () => resolveRow(row.rowNumber, 'create'),
        }),
        ' ',
        ck.el('button', {
          type: 'button',
          class: 'secondary',
          text: `Skip row ${row.rowNumber}`,
          onclick: () => resolveRow(row.rowNumber, 'skip'),
        }),
      )
      return item
    }),
  )
  document.getElementById('review').hidden = rows.length === 0
}

async function resolveRow(rowNumber, action) {
  try {
    await ck.api('POST', `/imports/${importState.id}/rows/${rowNumber}/resolve`, { action })
    // Reload first so the message never announces a list that still shows the row.
    await loadReview()
    ck.say(action === 'create' ? `Row ${rowNumber} created.` : `Row ${rowNumber} skipped.`)
  } catch (error) {
    ck.say(`Error: ${error.message}`)
  }
}

async function upload(event) {
  event.preventDefault()
  const form = event.target
  const file = form.elements.file.files[0]
  if (!file) return
  importState.country = form.elements.country.value.trim().toUpperCase()
  const body = new FormData()
  body.append('file', file)
  ck.say('Uploading…')
  const result = await ck.api('POST', `/imports?listId=${encodeURIComponent(form.elements.list.value)}`, body)
  importState.id = result.id
  ck.say('Uploaded. Check the suggested mapping.')
  renderMapping(result)
}

async function start() {
  const mapping = [...document.querySelectorAll('#mapping-rows select')].map((select) => ({
    column: Number(select.dataset.column),
    field: select.value || null,
  }))
  const body = { mapping }
  if (importState.country) body.defaultCountry = importState.country
  await ck.api('POST', `/imports/${importState.id}/start`, body)
  document.getElementById('start').disabled = true
  document.getElementById('progress-section').hidden = false
  document.getElementById('progress-heading').focus()
  ck.say('Import started.')
  const state = await poll()
  if (state.status === 'done') {
    const download = document.getElementById('download')
    download.replaceChildren(
      ck.el('a', {
        id: 'issues-link',
        href: `/imports/${importState.id}/issues.csv`,
        text: 'Download rows with issues (CSV)',
      }),
    )
    download.hidden = false
    await loadReview()
    ck.say('Import finished.')
  }
}

ck.requireSession(
  ck.guard(async () => {
    document.getElementById('app').hidden = false
    await loadLists()
    document.getElementById('upload-form').addEventListener('submit', ck.guard(upload))
    document.getElementById('start').addEventListener('click', ck.guard(start))
  }),
)
