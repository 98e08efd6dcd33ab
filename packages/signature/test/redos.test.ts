import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { check } from 'recheck'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const srcDir = fileURLToPath(new URL('../src/', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

interface FoundRegex {
  where: string
  source: string
  flags: string
}

// Every regular-expression literal in the package's source, found with the TypeScript parser so none is missed.
function collectRegexes(): { literals: FoundRegex[]; constructed: string[] } {
  const literals: FoundRegex[] = []
  const constructed: string[] = []
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8')
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true)
    const visit = (node: ts.Node) => {
      const where = `${relative(srcDir, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(source)
        const end = literal.lastIndexOf('/')
        literals.push({ where, source: literal.slice(1, end), flags: literal.slice(end + 1) })
      }
      if (ts.isNewExpression(node) && node.expression.getText(source) === 'RegExp') constructed.push(where)
      if (ts.isCallExpression(node) && node.expression.getText(source) === 'RegExp') constructed.push(where)
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return { literals, constructed }
}

const { literals, constructed } = collectRegexes()

describe('regular expressions', () => {
  it('are all literals, so this test sees every one', () => {
    expect(literals.length).toBeGreaterThan(40)
    expect(constructed).toEqual([])
  })

  it('are all safe from catastrophic backtracking (recheck)', { timeout: 120_000 }, async () => {
    const unique = new Map<string, FoundRegex>()
    for (const regex of literals) unique.set(`/${regex.source}/${regex.flags}`, regex)
    const verdicts = await Promise.all(
      [...unique.values()].map(async (regex) => {
        const result = await check(regex.source, regex.flags, { timeout: 20_000 })
        return {
          where: regex.where,
          regex: `/${regex.source}/${regex.flags}`,
          status: result.status,
          complexity: result.status === 'vulnerable' ? result.complexity.summary : undefined,
        }
      }),
    )
    expect(
      verdicts
        .filter((verdict) => verdict.status !== 'safe')
        .map((verdict) => `${verdict.where} ${verdict.regex} ${verdict.status} ${verdict.complexity ?? ''}`),
    ).toEqual([])
  })
})
