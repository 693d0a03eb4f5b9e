import { defineConfig } from 'tsup';

const systems = ['messaging', 'portal', 'quorum', 'cortex', 'research', 'bottleneck', 'ownpilot'];

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli.ts',
    // drizzle.config.ts of an app: pushConfig() points drizzle-kit at dist/foundation.cjs and dist/<system>/index.cjs.
    push: 'src/push.ts',
    foundation: 'src/foundation.ts',
    // import type { Database } from '@org/schema/types': the types without every system's declarations.
    types: 'src/types.ts',
    'testing/index': 'src/testing/index.ts',
    ...Object.fromEntries(systems.map((s) => [`${s}/index`, `src/${s}/index.ts`])),
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  shims: true,
  treeshake: true,
  clean: true,
  target: 'node20',
  external: [
    '@electric-sql/pglite',
    '@electric-sql/pglite-pgvector',
    'postgres',
    'drizzle-orm',
    'zod',
    'drizzle-zod',
  ],
});
