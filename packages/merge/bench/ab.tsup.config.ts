import { defineConfig } from 'tsup'

// One build of the package's sources (with the workspace packages it uses, from source) as
// .tmp/merge-ab/<AB_NAME>.js, for bench:ab to load beside another.
const name = process.env.AB_NAME
if (!name || !/^[\w.-]+$/.test(name))
  throw new Error('Set AB_NAME to a name for this build, e.g. AB_NAME=before.')

export default defineConfig({
  entry: { [name]: 'src/index.ts' },
  outDir: '../../.tmp/merge-ab',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: false,
  clean: false,
  sourcemap: false,
  noExternal: [/.*/],
  tsconfig: '../../tsconfig.json',
})
