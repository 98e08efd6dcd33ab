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
function check(module, prefix) {
  for (const symbol of module.children ?? []) {
    // A package with subpath exports (e.g. `@contactkit/seal/iron`) holds one module per entry point.
    if (symbol.kind === MODULE) {
      check(symbol, `${prefix}/${symbol.name}`)
      continue
    }
    const documented =
      hasExample(symbol.comment) ||
      (symbol.signatures ?? []).some((signature) => hasExample(signature.comment)) ||
      (symbol.getSignature && hasExample(symbol.getSignature.comment))
    if (!documented) missing.push(`${prefix}: ${symbol.name}`)
  }
}
for (const pkg of packages ?? []) check(pkg, pkg.name)
if (missing.length > 0) {
  console.error(`Exports without an @example in their TSDoc:\n  ${missing.join('\n  ')}`)
  process.exit(1)
}
console.log(`Every export of ${packages.length} package(s) has an @example.`)
