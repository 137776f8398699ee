import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Fails a test that never yields within two minutes, naming it and its fast-check seed (a
    // synchronous loop also blocks testTimeout); gives property tests without a seed a reproducible one.
    setupFiles: ['test/setup/hang-watchdog.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]]
  }
})
