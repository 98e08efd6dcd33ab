// Bulk deduplication: start a run, follow its progress, open each duplicate group in the merge view.

const { ck } = globalThis

const PHASES = {
  queued: 'Waiting',
  loading: 'Fetching contacts from the CRM',
  features: 'Preparing',
  blocking: 'Grouping',
  scoring: 'Scoring pairs',
  clustering: 'Clustering',
  done: 'Done',
}

function renderRun(run) {
  const progress = run.progress
  const bar = document.getElementById('progress')
  bar.value =
    run.status === 'done' ? 100 : progress.total ? Math.round((progress.done / progress.total) * 100) : 0
  const phase = PHASES[progress.phase] || progress.phase
  document.getElementById('progress-text').textContent =
    run.status === 'failed'
      ? 'The run failed.'
      : `${phase}${progress.total ? `: ${progress.done} of ${progress.total}` : progress.done ? `: ${progress.done}` : ''}`
}

function renderClusters(result) {
  const list = document.getElementById('clusters')
  list.replaceChildren(
    ...result.clusters.map((cluster) => {
      const [first, ...others] = cluster.members
      const describe = (member) => [member.name, member.company, member.email].filter(Boolean).join(', ')
      return ck.el(
        'li',
        {},
        ck.el('strong', { text: describe(first) }),
        ` (${Math.round(cluster.probability * 1000) / 10} %)`,
        ck.el(
          'ul',
          {},
          ...others.map((member) =>
            ck.el(
              'li',
              {},
              `${describe(member)} `,
              ck.el('a', {
                href: `/app/merge.html?contact=${member.id}&target=${first.id}`,
                text: `Merge ${member.name} into ${first.name}`,
              }),
            ),
          ),
        ),
      )
    }),
  )
  document.getElementById('clusters-section').hidden = false
  document.getElementById('clusters-heading').focus()
  const where = result.crm === 'hubspot' ? ' in HubSpot' : ''
  ck.say(`${result.clusters.length} duplicate group(s) among ${result.contacts} contacts${where}.`)
}

async function run() {
  document.getElementById('run').disabled = true
  document.getElementById('run-progress').hidden = false
  let state = await ck.api('POST', '/dedupe-runs')
  while (state.status === 'queued' || state.status === 'running') {
    renderRun(state)
    await new Promise((resolve) => setTimeout(resolve, 400))
    state = await ck.api('GET', `/dedupe-runs/${state.id}`)
  }
  renderRun(state)
  document.getElementById('run').disabled = false
  if (state.status === 'done') renderClusters(state.result)
}

ck.requireSession(
  ck.guard(async () => {
    document.getElementById('app').hidden = false
    document.getElementById('run').addEventListener('click', ck.guard(run))
  }),
)
