import { defineConfig } from 'vitest/config'

// Integration tests against a real Secret Service. Run through `npm run test:keychain`, which starts a private
// D-Bus session with an unlocked gnome-keyring around them.
export default defineConfig({
  test: {
    include: ['src-main/**/*.keychain.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
})
