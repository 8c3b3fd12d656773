// `npm run lint`: ESLint over src/, test/ and scripts/. TypeScript gets typescript-eslint's type-checked
// rules (the project service finds each file's tsconfig: the root one, src/webview's DOM one, scripts');
// the plain .mjs build scripts and test runners get ESLint's recommended rules with Node's globals.
// Formatting is Biome's (biome.json), not ESLint's: no stylistic rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-artifacts/**', 'test/fixtures/**', 'schemas/**', 'media/**'],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its rejection; one handed to an API that expects void does too
      // (an async event handler, a `forEach` callback).
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] }],
      '@typescript-eslint/no-misused-promises': 'error',
      // A `switch` over a union (a phase, an engine, an action id) must name every member, so a new
      // member is a lint error where it is not handled; `default` stays allowed for open-ended strings.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // require() inside a function is how the house loads what only some runs need: the extension's
      // cluster layer (dist/cluster.js via ./cluster.js), the CLI's cluster commands (dist/cliCluster.js
      // via ./clusterCommands), readline for a prompt, the yaml package off the validator's fast path.
      // scripts/build.mjs keeps the first two as run-time requires. Requiring anything else is still a finding.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^\\./cluster\\.js$', '^\\./clusterCommands$', '^node:readline$', '^yaml$'] }],
      // `_`-prefixed names are deliberately unused (destructuring a field away, an interface's argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests read the untyped JSON of API responses, watch events and fixtures and assert on it; typing
    // every response they poke at costs more than it finds. Product code (src/, scripts/) keeps these
    // rules: `any` from the API server is narrowed once, at the edge (src/core/util/json.ts).
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
);
