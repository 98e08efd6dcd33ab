import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url))

/**
 * Shared per-project settings: `@contactkit/<name>` and `@contactkit/<name>/<subpath>`
 * resolve to the TypeScript sources, so tests never depend on a previous build.
 */
export function contactkitProject(name: string, test: Record<string, unknown> = {}) {
  return defineProject({
    resolve: {
      alias: [
        { find: /^@contactkit\/([a-z]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
        { find: /^@contactkit\/([a-z]+)\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/$2.ts` },
      ],
    },
    test: { name, include: ['src/**/*.test.ts', 'test/**/*.test.ts'], ...test },
  })
}
