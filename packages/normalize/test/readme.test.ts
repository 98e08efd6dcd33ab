// Runs the README's examples: every line `expression // literal` in a ts block is checked, so the README cannot
// drift from the code. Lines whose comment is prose or elides with `…` are run but not checked.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as api from '../src/index.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '')
const CHECKED = /^(?!\s*(?:\/\/|const |import |\}))(.+?) \/\/ ('[^']*'|\[[^…]*\]|\{[^…]*\}|-?\d+|true|false)$/

describe('README examples', () => {
  it('has examples to check', () => {
    expect(blocks.length).toBeGreaterThan(5)
  })

  it.each(blocks.map((block, index) => [index, block] as const))(
    'block %i runs and its results hold',
    (_index, block) => {
      const checks: { expression: string; actual: unknown; expected: unknown }[] = []
      const body = block
        .split('\n')
        .filter((line) => !line.startsWith('import '))
        .map((line) => {
          const match = CHECKED.exec(line)
          if (!match?.[1] || !match[2] || match[1].includes('===')) return line
          return `__check(${JSON.stringify(match[1])}, ${match[1]}, ${match[2]})`
        })
        .join('\n')
      const run = new Function('api', '__check', `const { ${Object.keys(api).join(', ')} } = api\n${body}`)
      run(api, (expression: string, actual: unknown, expected: unknown) =>
        checks.push({ expression, actual, expected }),
      )
      for (const check of checks)
        expect({ [check.expression]: check.actual }).toEqual({ [check.expression]: check.expected })
    },
  )

  it('checks a good number of example lines', () => {
    const checked = blocks
      .flatMap((block) => block.split('\n'))
      .filter((line) => CHECKED.test(line) && !line.includes('==='))
    expect(checked.length).toBeGreaterThan(20)
  })
})
