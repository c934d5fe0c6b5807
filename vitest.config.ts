import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  test: {
    include: [
      'src-shared/**/*.test.ts',
      'src-main/**/*.test.ts',
      'src-preload/**/*.test.ts',
      'src-renderer/**/*.test.ts',
      'scripts/**/*.test.ts',
      'electron-builder.test.ts',
    ],
    exclude: ['**/*.keychain.test.ts', '**/*.team.test.ts', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
  },
})
