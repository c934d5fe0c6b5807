// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import prettier from 'eslint-config-prettier/flat'

/** Layering (DESIGN §2): a file's folder says what it may import. Violations are lint errors, not review notes. */
const ban = (names, message) => names.map((name) => ({ name, message }))
const electronOnlyInShell = ban(
  ['electron'],
  'Only src-main/shell (and src-main/index.ts, src-preload) may import electron.',
)
const keytarOnlyInSecrets = ban(['keytar'], 'Only src-main/secrets/keytar-secret-store.ts may import keytar.')
const nodeBuiltins = [
  'fs',
  'path',
  'http',
  'https',
  'net',
  'os',
  'child_process',
  'crypto',
  'url',
  'stream',
  'events',
  'util',
  'zlib',
  'worker_threads',
  'dgram',
  'dns',
  'tls',
  'readline',
  'process',
  'buffer',
  'timers',
]
const noNodeInShared = [...nodeBuiltins, ...nodeBuiltins.map((n) => `node:${n}`)].map((name) => ({
  name,
  message: 'src-shared is pure TypeScript: no Node built-ins.',
}))
const preloadNoRuntimeDeps = ['zod', 'ws', 'vue', 'pinia'].map((name) => ({
  name,
  allowTypeImports: true,
  message: 'A sandboxed preload can require only electron: keep runtime dependencies out of its imports.',
}))
/** Vendor differences travel in the provider descriptors; the renderer never asks which vendor it has. */
const providerIdMessage =
  'Do not test a provider id in the renderer: give the provider descriptor (src-shared/providers) a property for the difference (docs/ADDING-A-VENDOR.md).'
const providerIdTests = [
  {
    selector: "BinaryExpression[operator=/^[!=]==?$/][left.property.name='provider'][right.type='Literal']",
    message: providerIdMessage,
  },
  {
    selector: "BinaryExpression[operator=/^[!=]==?$/][right.property.name='provider'][left.type='Literal']",
    message: providerIdMessage,
  },
  { selector: "SwitchStatement[discriminant.property.name='provider']", message: providerIdMessage },
]
const upward = (from, to) => ({
  group: [to],
  message: `${from} must not import from ${to.replace(/\*\*?/g, '')}.`,
})

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'docs/**',
      'resources/**',
      'dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its rejection (an unhandled rejection in main, a silent
    // failure in the renderer), and an async function handed to something that expects void (an event listener,
    // a forEach) does the same. The project service finds each file's tsconfig (tsconfig.json's references).
    files: ['**/*.ts', '**/*.vue'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'error',
      // Prettier owns formatting.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...electronOnlyInShell, ...keytarOnlyInSecrets, ...noNodeInShared],
          patterns: [
            upward('src-shared', '**/src-main/**'),
            upward('src-shared', '**/src-renderer/**'),
            upward('src-shared', '**/src-preload/**'),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'Buffer',
        'require',
        'localStorage',
      ],
    },
  },
  {
    files: ['src-main/core/**/*.ts', 'src-main/headless/**/*.ts', 'src-main/team/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...electronOnlyInShell, ...keytarOnlyInSecrets],
          patterns: [upward('src-main/core', '**/src-renderer/**'), upward('src-main/core', '**/shell/**')],
        },
      ],
    },
  },
  {
    // Core owns the SecretStore port (core/secret-store.ts); the keychain and memory stores in secrets/ implement it
    // and are chosen by the composition roots. Tests may compose core with a real store, as the roots do.
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...electronOnlyInShell, ...keytarOnlyInSecrets],
          patterns: [
            upward('src-main/core', '**/src-renderer/**'),
            upward('src-main/core', '**/shell/**'),
            upward('src-main/core', '**/secrets/**'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    ignores: ['src-main/core/**/*.test.ts', 'src-main/core/**/test-*.ts'],
    rules: {
      // Time and network are injected (STYLE: "Inject time, network, storage, secrets and notifications").
      'no-restricted-globals': ['error', 'fetch', 'setTimeout', 'setInterval'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the injected Clock.' },
      ],
    },
  },
  {
    files: ['src-main/secrets/**/*.ts'],
    ignores: ['src-main/secrets/keytar-secret-store.ts', 'src-main/secrets/**/*.test.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': ['error', { paths: [...electronOnlyInShell, ...keytarOnlyInSecrets] }],
    },
  },
  {
    files: ['src-main/shell/**/*.ts', 'src-main/index.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': ['error', { paths: keytarOnlyInSecrets }] },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/shell/ipc*.ts', 'src-main/shell/ipc/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportSpecifier[imported.name='ipcMain']",
          message: 'Only src-main/shell/ipc* may touch ipcMain.',
        },
      ],
    },
  },
  {
    // The sandboxed preload may require only electron: the contract it bundles has type imports and nothing else
    // (the argument schemas, with zod, are in src-shared/ipc/schemas.ts). src-preload/built-preload.test.ts proves it
    // on the built file.
    files: ['src-shared/ipc/contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...electronOnlyInShell, ...keytarOnlyInSecrets, ...noNodeInShared, ...preloadNoRuntimeDeps],
          patterns: [
            upward('src-shared', '**/src-main/**'),
            upward('src-shared', '**/src-renderer/**'),
            upward('src-shared', '**/src-preload/**'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-preload/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...keytarOnlyInSecrets, ...preloadNoRuntimeDeps],
          patterns: [upward('src-preload', '**/src-main/**'), upward('src-preload', '**/src-renderer/**')],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...electronOnlyInShell, ...keytarOnlyInSecrets],
          patterns: [upward('src-renderer', '**/src-main/**'), upward('src-renderer', '**/src-preload/**')],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    ignores: ['src-renderer/api/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'window',
          property: 'floorwalker',
          message: 'Only src-renderer/api/ touches the bridge global.',
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    ignores: ['src-renderer/**/*.test.ts', 'src-renderer/testing/**'],
    rules: {
      'no-restricted-syntax': ['error', ...providerIdTests],
      'vue/no-restricted-syntax': ['error', ...providerIdTests],
    },
  },
  {
    files: ['scripts/**', 'e2e/**', 'bench/**', '*.config.ts', '*.config.js', 'electron-builder*.ts'],
    languageOptions: { globals: globals.node },
  },
  // Last, so Prettier owns every formatting question and no stylistic rule argues with it.
  prettier,
)
