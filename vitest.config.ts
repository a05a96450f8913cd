import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Threads start a test file faster than processes (about 10 % of the run); no test needs a process of its own.
    pool: 'threads',
    // A worker keeps the modules it loaded for its next test file (36 s of a 125 s run went to loading
    // them again). Each test file still gets its own database and its own app; the caches kept in
    // modules are keyed by the database's data version (its moment of change included).
    isolate: false,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
