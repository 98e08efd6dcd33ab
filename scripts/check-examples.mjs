// Fails when an exported symbol of any package has no `@example` in its TSDoc.
// Reads the JSON model typedoc writes beside the HTML site (`pnpm docs`).
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? new URL('../docs/site/api.json', import.meta.url)
const model = JSON.parse(readFileSync(file, 'utf8'))
const MODULE = 2
// The whole site has one module per package; a single package's run has its exports at the root.
const packages = (model.children ?? []).every((child) => child.kind === MODULE) ? model.children : [model]
const hasExample = (comment) => (comment?.blockTags ?? []).some((tag) => tag.tag === '@example')

const missing = []
for (const pkg of packages ?? []) {
  for (const symbol of pkg.children ?? []) {
    const documented =
      hasExample(symbol.comment) ||
      (symbol.signatures ?? []).some((signature) => hasExample(signature.comment)) ||
      (symbol.getSignature && hasExample(symbol.getSignature.comment))
    if (!documented) missing.push(`${pkg.name}: ${symbol.name}`)
  }
}
if (missing.length > 0) {
  console.error(`Exports without an @example in their TSDoc:\n  ${missing.join('\n  ')}`)
  process.exit(1)
}
console.log(`Every export of ${packages.length} package(s) has an @example.`)
