// Layer rules from DESIGN.md: imports point down only, and core/pricing stay pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

const layers = {
  core: ['core'],
  pricing: ['pricing'],
  platform: ['providers', 'ledger', 'emulator', 'config'],
  feature: ['bench', 'judge', 'route', 'cache', 'batch', 'review', 'report', 'telemetry', 'client', 'ingest', 'catalog-update', 'charts', 'sample'],
  app: ['cli', 'gateway', 'dashboard'],
};

const elements = Object.entries(layers).map(([type, folders]) => ({
  type,
  pattern: `src/(${folders.join('|')})/**`,
  partialMatch: false,
}));

const below = {
  core: ['core'],
  pricing: ['core', 'pricing'],
  platform: ['core', 'pricing', 'platform'],
  feature: ['core', 'pricing', 'platform', 'feature'],
  app: ['core', 'pricing', 'platform', 'feature', 'app'],
};

// Anything that touches the outside world: Node built-ins, AWS SDK, databases, HTTP clients.
const ioModules = [
  'node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'https', 'net', 'dgram', 'dns',
  'tls', 'zlib', 'stream', 'stream/*', 'readline', 'worker_threads', 'cluster', 'process',
  '@aws-sdk/*', '@smithy/*', '@duckdb/*', 'duckdb', 'pg', 'postgres', 'better-sqlite3', 'openai',
  'undici', 'axios', 'node-fetch', 'yaml',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/include': ['src/**/*.ts'],
      'import/resolver': { typescript: { project: './tsconfig.json' }, node: true },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: Object.entries(below).map(([from, allowed]) => ({
            from: { element: { type: from } },
            allow: { to: { element: { types: { anyOf: allowed } } } },
          })),
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/pricing/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ioModules,
              message: 'core and pricing are pure: no I/O, AWS SDK or database. Inject it from a higher layer.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'core and pricing are pure: inject I/O from a higher layer.' },
        { name: 'process', message: 'core and pricing are pure: pass settings in explicitly.' },
      ],
    },
  },
  {
    // Hono's `c.var` builds a fresh object from every variable on each read (Object.fromEntries),
    // ~1 µs a read and a dozen reads a request on the gateway's hot path; `c.get(name)` is a Map lookup.
    files: ['src/gateway/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='c'][property.name='var']", message: "Use c.get('name'): c.var copies every variable on each read." }],
    },
  },
  {
    // The dashboard page runs in the browser (type-checked by src/dashboard/page/tsconfig.json with
    // the DOM library): it may share only the API's schemas, never server or Node code.
    files: ['src/dashboard/page/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ioModules, message: 'The dashboard page runs in the browser: no Node or server modules.' },
            { group: ['../*', '!../api', '!../api/*'], message: 'The page shares only src/dashboard/api (schemas and formatting) with the server.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'The dashboard page runs in the browser.' }],
    },
  },
);
