import { defineConfig } from 'tsup'

export default defineConfig({
  // normalize-worker is loaded by file URL from worker threads, beside the bundle that starts it.
  entry: ['src/index.ts', 'src/excel.ts', 'src/normalize-worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  tsconfig: '../../tsconfig.base.json',
})
