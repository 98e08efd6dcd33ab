import { defineConfig } from 'tsup'

// Bundles the benchmark with the package sources as they ship (tsup, no dev-time transforms such as tsx's
// keepNames helpers), workspace packages from source and every dependency bundled in.
export default defineConfig({
  entry: {
    merge: 'bench/merge.bench.ts',
    profile: 'bench/profile.ts',
    instructions: 'bench/instructions.ts',
    ab: 'bench/ab.ts',
  },
  outDir: '../../.tmp/bench-merge',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: false,
  clean: true,
  sourcemap: false,
  noExternal: [/.*/],
  tsconfig: '../../tsconfig.json',
})
