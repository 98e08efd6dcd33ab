import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Only this package's sources: a wider include would read other packages' dist/ while they rebuild.
  tsconfig: 'tsconfig.build.json',
})
