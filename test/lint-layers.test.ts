import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('layer lint rules', () => {
  it('fails when a lower layer imports a higher one', async () => {
    expect(await ruleIds('src/core/bad.ts', "import { defaultCatalog } from '../pricing/index.js';\nexport const x = defaultCatalog;\n")).toContain('boundaries/dependencies');
    expect(await ruleIds('src/pricing/bad.ts', "import { loadConfig } from '../config/index.js';\nexport const x = loadConfig;\n")).toContain('boundaries/dependencies');
    expect(await ruleIds('src/config/bad.ts', "import { runCli } from '../cli/run-cli.js';\nexport const x = runCli;\n")).toContain('boundaries/dependencies');
  });

  it('allows imports that point down', async () => {
    expect(await ruleIds('src/cli/ok.ts', "import { loadConfig } from '../config/index.js';\nimport { priceUsage } from '../pricing/index.js';\nexport const x = [loadConfig, priceUsage];\n")).toEqual([]);
    expect(await ruleIds('src/pricing/ok.ts', "import { formatUsd } from '../core/index.js';\nexport const x = formatUsd;\n")).toEqual([]);
  });

  it('keeps core and pricing pure: no I/O, AWS SDK or database', async () => {
    for (const module of ['node:fs', 'fs', '@aws-sdk/client-bedrock-runtime', '@duckdb/node-api', 'pg']) {
      expect(await ruleIds('src/pricing/bad.ts', `import * as io from '${module}';\nexport const x = io;\n`)).toContain('no-restricted-imports');
    }
    expect(await ruleIds('src/core/bad.ts', 'export const x = () => fetch("http://127.0.0.1");\n')).toContain('no-restricted-globals');
    expect(await ruleIds('src/config/ok.ts', "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n")).toEqual([]);
  });
});
