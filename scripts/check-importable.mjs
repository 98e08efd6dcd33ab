// Proves a built package loads both ways: `import` from ESM and `require` from
// CommonJS, for the root export and every subpath export. Run in a package folder.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const dir = resolve(process.argv[2] ?? '.')
const pkg = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8'))
const specifiers = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`))

for (const specifier of specifiers) {
  // Self-reference through the package's own exports map, as a consumer would resolve it.
  const esm = `const m = await import(${JSON.stringify(specifier)}); if (Object.keys(m).length === 0) throw new Error('no exports')`
  const cjs = `const m = require(${JSON.stringify(specifier)}); if (Object.keys(m).length === 0) throw new Error('no exports')`
  execFileSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: dir, stdio: 'inherit' })
  execFileSync(process.execPath, ['--input-type=commonjs', '-e', cjs], { cwd: dir, stdio: 'inherit' })
  console.log(`ok  ${specifier}  (import and require)`)
}
