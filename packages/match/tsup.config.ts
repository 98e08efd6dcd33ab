import { defineConfig } from 'tsup'

export default defineConfig({
  // worker.ts is the entry of findDuplicates' worker threads, loaded beside index.js / index.cjs.
  entry: ['src/index.ts', 'src/worker.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  // import.meta.url in the CommonJS build, to find the worker file.
  shims: true,
  target: 'node20',
  // Only this package's sources: a wider include would read other packages' dist/ while they rebuild.
  tsconfig: 'tsconfig.build.json',
})
