// The merge view: check an incoming contact, compare it with a CRM record, decide per field, confirm, undo.

const { ck } = globalThis

const LABELS = {
  salutation: 'Salutation',
  title: 'Title',
  firstName: 'First name',
  middleName: 'Middle name',
  lastName: 'Last name',
  suffix: 'Suffix',
  jobTitle: 'Job title',
  department: 'Department',
  company: 'Company',
  emails: 'E-mail',
  phones: 'Phone',
  addresses: 'Address',
  websites: 'Website',
  social: 'Profile',
  custom: 'Custom field',
}
const RELATION = {
  equal: 'Identical',
  equivalent: 'Same value, written differently',
  added: 'Only incoming',
  removed: 'Only in CRM',
  changed: 'Conflict',
}
const LIST_FIELDS = new Set(['emails', 'phones', 'addresses', 'websites'])

const state = { incoming: null, targetId: null, preview: null, importRow: null, defaultCountry: 'DE' }
const params = new URLSearchParams(location.search)

function labelOf(entry) {
  const base = LABELS[entry.field] || entry.field
  if (entry.field === 'social' || entry.field === 'custom') return `${base} ${entry.key}`
  return base
}

function incomingFromForm(form) {
  const value = (name) => form.elements[name].value.trim()
  const contact = {}
  for (const name of ['title', 'firstName', 'lastName', 'company', 'jobTitle', 'department']) {
    if (value(name)) contact[name] = value(name)
  }
  if (value('email')) contact.emails = [value('email')]
  const phones = []
  if (value('phone')) phones.push({ value: value('phone'), kind: 'work' })
  if (value('mobile')) phones.push({ value: value('mobile'), kind: 'mobile' })
  if (phones.length) contact.phones = phones
  if (value('street') || value('postalCode') || value('city')) {
    contact.addresses = [
      {
        street: value('street') || undefined,
        postalCode: value('postalCode') || undefined,
        city: value('city') || undefined,
      },
    ]
  }
  return contact
}

function reveal(id, headingId) {
  document.getElementById(id).hidden = false
  document.getElementById(headingId).focus()
}

async function runCheck(contact) {
  const body = { contact }
  if (state.defaultCountry) body.defaultCountry = state.defaultCountry
  const result = await ck.api('POST', '/duplicates/check', body)
  const light = document.getElementById('traffic-light')
  const text = {
    duplicate: 'Duplicate: this contact is already in the CRM.',
    possible: 'Possible duplicate: please review.',
    none: 'No duplicate found.',
  }
  light.replaceChildren(
    ck.el('span', { class: `badge status-${result.status}`, text: result.status }),
    ' ',
    text[result.status],
  )
  const list = document.getElementById('candidates')
  list.replaceChildren(
    ...result.candidates.map((candidate) => {
      const reasons = candidate.fields.filter((f) => f.field !== 'prior' && f.weight > 0).map((f) => f.reason)
      return ck.el(
        'li',
        {},
        ck.el('strong', { text: ck.nameOf(candidate.contact) }),
        ` — ${Math.round(candidate.probability * 1000) / 10} % (${candidate.verdict})`,
        ck.el('div', { class: 'reason', text: reasons.join(' · ') }),
        ck.el('button', {
          type: 'button',
          class: 'secondary',
          text: `Compare with ${ck.nameOf(candidate.contact)}`,
          onclick: () => openMerge({ contact }, candidate.id),
        }),
      )
    }),
  )
  reveal('check', 'check-heading')
  ck.say(text[result.status])
  return result
}

function choiceCell(entry, index) {
  const name = `choice-${index}`
  const options = [
    ['keepExisting', 'Keep CRM value'],
    ['takeIncoming', 'Take incoming'],
  ]
  if (LIST_FIELDS.has(entry.field) && entry.key !== undefined) options.push(['union', 'Keep both'])
  const fieldset = ck.el(
    'fieldset',
    { class: 'choice' },
    ck.el('legend', { text: `Decision for ${labelOf(entry)}` }),
  )
  for (const [value, text] of options) {
    const id = `${name}-${value}`
    const input = ck.el('input', {
      type: 'radio',
      id,
      name,
      value,
      'data-path': entry.path,
      checked: entry.suggestion === value,
    })
    fieldset.append(ck.el('label', { for: id }, input, ` ${text}`))
  }
  return fieldset
}

function renderDiff(preview) {
  const entries = preview.diff.entries.filter((entry) => entry.kind !== 'equal')
  const tbody = document.querySelector('#diff tbody')
  tbody.replaceChildren(
    ...entries.map((entry, index) =>
      ck.el(
        'tr',
        { 'data-kind': entry.kind },
        ck.el('th', { scope: 'row', text: labelOf(entry) }),
        ck.el(
          'td',
          { class: 'value existing' },
          ck.show(entry.existing) || ck.el('span', { class: 'empty', text: 'empty' }),
        ),
        ck.el(
          'td',
          { class: 'value incoming' },
          ck.show(entry.incoming) || ck.el('span', { class: 'empty', text: 'empty' }),
        ),
        ck.el(
          'td',
          {},
          ck.el('span', { class: `badge kind-${entry.kind}`, text: RELATION[entry.kind] }),
          ck.el('div', { class: 'reason', text: entry.reason }),
        ),
        ck.el('td', {}, choiceCell(entry, index)),
      ),
    ),
  )
  const identical = preview.diff.counts.equal
  document.getElementById('identical').textContent = identical
    ? `${identical} further value(s) are identical.`
    : ''
  document.getElementById('merge-records').textContent =
    `Incoming: ${ck.nameOf(preview.incoming)} → CRM record: ${ck.nameOf(preview.existing.contact)}`
}

async function openMerge(incoming, targetId) {
  state.incoming = incoming
  state.targetId = targetId
  const body = { incoming, targetId }
  if (state.defaultCountry) body.defaultCountry = state.defaultCountry
  state.preview = await ck.api('POST', '/merges/preview', body)
  renderDiff(state.preview)
  document.getElementById('confirm').disabled = false
  reveal('merge', 'merge-heading')
  await loadHistory()
}

async function confirmMerge() {
  const choices = {}
  for (const input of document.querySelectorAll('#diff input[type=radio]:checked'))
    choices[input.dataset.path] = input.value
  const body = {
    incoming: state.incoming,
    targetId: state.targetId,
    choices,
    expectedUpdatedAt: state.preview.existing.updatedAt,
  }
  if (state.defaultCountry) body.defaultCountry = state.defaultCountry
  const result = await ck.api('POST', '/merges', body)
  if (state.importRow) {
    await ck.api('POST', `/imports/${state.importRow.importId}/rows/${state.importRow.row}/resolve`, {
      action: 'merged',
      contactId: result.record.id,
    })
  }
  document.getElementById('confirm').disabled = true
  const changed = Object.keys(result.fieldUpdate)
  ck.say(
    changed.length
      ? `Merged. Changed in the CRM: ${changed.join(', ')}.`
      : 'Merged. Nothing needed to change in the CRM.',
  )
  await loadHistory()
}

async function loadHistory() {
  const { merges } = await ck.api('GET', `/merges?targetId=${encodeURIComponent(state.targetId)}`)
  const list = document.getElementById('history')
  list.replaceChildren(
    ...merges.map((merge) => {
      const when = new Date(merge.createdAt).toLocaleString()
      const what = merge.fields.length ? merge.fields.join(', ') : 'no field changes'
      const item = ck.el('li', {}, `${when}: ${what}`, merge.undoneAt ? ' (undone)' : '')
      if (merge.undoable) {
        item.append(
          ' ',
          ck.el('button', {
            type: 'button',
            class: 'secondary',
            text: `Undo merge of ${when}`,
            onclick: () => undo(merge.id),
          }),
        )
      }
      return item
    }),
  )
  document.getElementById('history-section').hidden = merges.length === 0
}

async function undo(id) {
  const result = await ck.api('POST', `/merges/${id}/undo`)
  ck.say(
    result.restored
      ? `Merge undone: the CRM record has its earlier values again, and the merged record is back as record ${result.restored.id}.`
      : 'Merge undone: the CRM record has its earlier values again.',
  )
  await openMerge(state.incoming, state.targetId)
}

ck.requireSession(
  ck.guard(async () => {
    document.getElementById('app').hidden = false
    const form = document.getElementById('incoming-form')
    form.addEventListener(
      'submit',
      ck.guard(async (event) => {
        event.preventDefault()
        state.defaultCountry = form.elements.country.value.trim().toUpperCase()
        document.getElementById('merge').hidden = true
        await runCheck(incomingFromForm(form))
      }),
    )
    document.getElementById('confirm').addEventListener('click', ck.guard(confirmMerge))
    // Opened from bulk dedupe (`contact` and `target`) or from an import row under review (`import`, `row`).
    if (params.get('contact') && params.get('target')) {
      form.hidden = true
      await openMerge({ recordId: params.get('contact') }, params.get('target'))
    } else if (params.get('import') && params.get('row')) {
      form.hidden = true
      const row = await ck.api('GET', `/imports/${params.get('import')}/rows/${params.get('row')}`)
      state.importRow = { importId: params.get('import'), row: params.get('row') }
      state.defaultCountry = row.defaultCountry || ''
      const incoming = { contact: row.contact }
      const target = params.get('target') || row.candidates[0]?.id
      if (target) await openMerge(incoming, target)
    }
  }),
)
