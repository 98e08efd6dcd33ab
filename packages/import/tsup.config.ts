import { defineConfig } from 'tsup'

export default defineConfig({
  // normalize-worker is loaded by file URL from worker threads, beside the bundle that starts it.
  entry: ['src/index.ts', 'src/excel.ts', 'src/normalize-worker.ts'],
  format: ['esm', 'cjs'],
  // The benchmark needs only the JavaScript (and must not wait for other packages' declaration files).
  dts: process.env.CONTACTKIT_JS_ONLY !== '1',
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Only this package's sources: a wider include would read other packages' dist/ while they rebuild.
  tsconfig: 'tsconfig.build.json',
})
