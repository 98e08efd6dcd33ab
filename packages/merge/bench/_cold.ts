import { diffContacts, mergeContacts } from '../src/index.js'
import { typicalPair } from './data.js'

const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }
const { existing, incoming } = typicalPair(3)
const choices = Object.fromEntries(
  diffContacts(incoming, existing, options)
    .entries.filter((e) => e.kind !== 'equal')
    .map((e) => [e.path, e.suggestion]),
)
console.log(choices)
for (let i = 0; i < 100000; i++) mergeContacts([existing, incoming], 'fillBlanks', choices, options)
