// ESLint 9 flat config for the whole workspace.
// Type information is left to `tsc` and `svelte-check` (run by `pnpm typecheck`): type-aware lint
// rules would build a second TypeScript program per package and double the lint time on small
// CI machines for little extra safety.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/build/',
    '**/.svelte-kit/',
    '**/data/',
    'web/src/lib/paraglide/',
    '**/test-results/',
    '**/playwright-report/',
    'bench/.out/',
  ]),

  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,

  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        // Lets svelte-eslint-parser hand `<script lang="ts">` and `*.svelte.ts` to the TS parser.
        parser: ts.parser,
        extraFileExtensions: ['.svelte'],
      },
    },
  },

  {
    rules: {
      // `_`-prefixed names mark values kept on purpose (destructuring to omit, unused callbacks).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  // The browser app; its service worker also runs in a worker scope.
  {
    files: ['web/**/*.{js,ts,svelte}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['web/src/service-worker.{js,ts}', 'web/src/sw.{js,ts}', 'web/src/**/*.sw.{js,ts}'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  // Build tooling of the web package runs in Node.
  {
    files: ['web/*.{js,ts,mjs,cjs}', 'web/scripts/**/*.{js,ts,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },

  // Node code: the API, the shared package's tests, e2e, benchmarks, scripts, root configs.
  {
    files: [
      'api/**/*.{js,ts,mjs,cjs}',
      'shared/**/*.{js,ts,mjs,cjs}',
      'e2e/**/*.{js,ts,mjs,cjs}',
      'bench/**/*.{js,ts,mjs,cjs}',
      'scripts/**/*.{js,ts,mjs,cjs}',
      '*.{js,ts,mjs,cjs}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  // Code inside `page.evaluate` runs in the browser.
  {
    files: ['e2e/**/*.{js,ts,mjs,cjs}'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // TypeScript checks undefined names itself (and knows DOM/Node types); core no-undef misreports
  // type-only globals in TS files.
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.svelte'],
    rules: { 'no-undef': 'off' },
  },

  // Must stay last: turns off every stylistic rule that Prettier owns.
  prettier,
  svelte.configs.prettier,
);
