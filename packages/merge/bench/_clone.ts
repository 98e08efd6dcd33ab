import { clone } from '../src/internal/json-value.js'
import { typicalPair } from './data.js'

const { existing } = typicalPair(0)
function t(label: string, fn: () => unknown) {
  for (let i = 0; i < 20000; i++) fn()
  const c = process.cpuUsage()
  for (let i = 0; i < 100000; i++) fn()
  const u = process.cpuUsage(c)
  console.log(label, ((u.user + u.system) / 100000).toFixed(2))
}
t('clone', () => clone(existing))
t('json', () => JSON.parse(JSON.stringify(existing)))
t('structured', () => structuredClone(existing))
