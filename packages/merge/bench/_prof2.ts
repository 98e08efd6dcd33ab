import { diffContacts, mergeContacts } from '../src/index.js'
import { typicalPair } from './data.js'

const options = { defaultCountry: 'DE', now: '2026-11-27T10:00:00Z' }
const { existing, incoming } = typicalPair(0)
const which = process.argv[2]
for (let i = 0; i < 100000; i++)
  which === 'diff'
    ? diffContacts(incoming, existing, options)
    : mergeContacts([existing, incoming], 'fillBlanks', {}, options)
