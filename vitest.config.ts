import { defineConfig } from 'vitest/config'

// One vitest run covers every package and the server. Each project resolves
// `@contactkit/*` through the `source` export condition, so tests run against
// the TypeScript sources without a build step.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*'],
  },
})
