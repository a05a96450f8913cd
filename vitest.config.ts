import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Processes, not threads: under Node 24 two worker threads freeing PGlite's WebAssembly code at
    // once abort the whole run now and then (V8 «Check failed: jit_page_->allocations_.erase(addr)
    // == 1», seen in 2 of 3 full runs of this suite on threads); a process per worker has one isolate.
    // Threads started a test file about 10 % faster.
    pool: 'forks',
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
