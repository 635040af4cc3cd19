import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layer rules: what each folder may import. They are what keeps the core runnable under
 * plain Node (no `electron`), the renderer free of Node, and `shared/` free of any runtime.
 */
// Built-ins by exact name (a pattern like 'events' would also match '@shared/contract/events').
const NODE_BUILTIN_MESSAGE = 'Node built-ins are not available in this layer.';
const NODE_BUILTIN_PATHS = builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({ name, message: NODE_BUILTIN_MESSAGE }));
const NODE_BUILTINS = { group: ['node:*'], message: NODE_BUILTIN_MESSAGE };
const ELECTRON = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const layer = (files, { paths = [], patterns = [] }) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
      'electron/core/lineage/openlineage/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  layer(['shared/**'], {
    paths: [ELECTRON, ...NODE_BUILTIN_PATHS],
    patterns: [
      NODE_BUILTINS,
      { group: ['react', 'react-*', '**/electron/**', '**/renderer/**'], message: 'shared/ is environment-neutral.' },
    ],
  }),
  layer(['electron/core/**'], {
    paths: [ELECTRON],
    patterns: [
      {
        group: ['**/main/**', '**/preload/**', '**/bridge/**', '**/cli/**', '**/renderer/**'],
        message: 'The core depends on no face of the app.',
      },
    ],
  }),
  layer(['electron/bridge/**'], {
    paths: [ELECTRON],
    patterns: [{ group: ['**/main/**', '**/preload/**', '**/renderer/**'], message: 'Browser mode runs without Electron.' }],
  }),
  layer(['electron/cli/**'], {
    paths: [ELECTRON],
    patterns: [{ group: ['**/main/**', '**/preload/**', '**/renderer/**'], message: 'The CLI runs without Electron.' }],
  }),
  layer(['electron/main/**'], {
    patterns: [
      {
        group: ['**/renderer/**', '**/bridge/**', '**/cli/**'],
        message: 'The main process composes the core; it does not reach into other faces.',
      },
    ],
  }),
  layer(['electron/preload/**'], {
    paths: NODE_BUILTIN_PATHS,
    patterns: [
      NODE_BUILTINS,
      {
        group: ['**/core/**', '**/main/**', '**/bridge/**', '**/renderer/**', 'zod'],
        message: 'A sandboxed preload only forwards; keep it tiny.',
      },
    ],
  }),
  layer(['renderer/**'], {
    paths: [ELECTRON, ...NODE_BUILTIN_PATHS],
    patterns: [
      NODE_BUILTINS,
      { group: ['**/electron/**'], message: 'The renderer talks to the core only through the contract in shared/.' },
    ],
  }),
);
