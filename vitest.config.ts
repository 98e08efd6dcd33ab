import { defineConfig } from 'vitest/config'

// One vitest run covers every package and the server. Each project resolves
// `@contactkit/*` to the TypeScript sources through the aliases in
// vitest.shared.ts, so tests run without a build step.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*'],
  },
})
