import { diffContacts, mergeContacts } from '../src/index.js'
import { typicalPair } from './data.js'

const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }
const { existing, incoming } = typicalPair(0)
const N = Number(process.argv[2] ?? 20000)
function time(label: string, fn: () => void) {
  for (let i = 0; i < 2000; i++) fn()
  const c = process.cpuUsage()
  const t = process.hrtime.bigint()
  for (let i = 0; i < N; i++) fn()
  const cpu = process.cpuUsage(c)
  console.log(
    label,
    'wall',
    (Number(process.hrtime.bigint() - t) / N / 1000).toFixed(2),
    'cpu',
    ((cpu.user + cpu.system) / N).toFixed(2),
  )
}
time('diff', () => diffContacts(incoming, existing, options))
time('merge', () => mergeContacts([existing, incoming], 'fillBlanks', {}, options))
