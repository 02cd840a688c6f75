import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../emulator/index.js';
import { openLedger } from '../ledger/index.js';
import { createClientFromConfig } from './create-client-from-config.js';
import { cheapModel, startPipelineEmulator, topModel } from './testing/start-pipeline-emulator.js';

let emulator: RunningEmulator;
let dir: string;
beforeAll(async () => {
  emulator = await startPipelineEmulator();
  dir = await mkdtemp(join(tmpdir(), 'frugal-client-config-'));
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

describe('createClientFromConfig', () => {
  it('reads client: and telemetry: from frugal.yaml — router file, caps, ledger — and closes what it opened', async () => {
    await writeFile(
      join(dir, 'router.yaml'),
      `version: 1
tiers: [${cheapModel}, ${topModel}]
default: 2
pinning: { enabled: false }
rules:
  - name: summaries
    when: { task: summarise }
    tier: 1
    cascade: true
`,
    );
    await writeFile(
      join(dir, 'frugal.yaml'),
      `client:
  region: us-east-1
  endpoint: ${emulator.url}
  router: router.yaml
  maxOutputTokens: { tasks: { summarise: 150 } }
  ledger: usage.duckdb
telemetry:
  captureContent: false
`,
    );
    const client = await createClientFromConfig({ cwd: dir, overrides: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, telemetry: false } });
    const output = await client.converse({ modelId: 'any', messages: [{ role: 'user', content: [{ text: 'Summarise our refund policy.' }] }] }, { task: 'summarise' });
    expect(output.frugal.attempts.map((attempt) => [attempt.requestedModelId, attempt.outcome])).toEqual([
      [cheapModel, 'escalated'],
      [topModel, 'accepted'],
    ]);
    await client.close();
    const ledger = await openLedger(join(dir, 'usage.duckdb'));
    const rows = await ledger.query.listRequests();
    expect(rows.map((row) => [row.rawModelId, row.maxTokens])).toEqual([
      [cheapModel, 150],
      [topModel, 150],
    ]);
    await ledger.close();
  });

  it('names the setting that is wrong', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'client:\n  maxOutputTokens: { default: -3 }\n');
    await expect(createClientFromConfig({ cwd: dir, configPath: 'bad.yaml' })).rejects.toMatchObject({ message: expect.stringContaining('invalid settings') });
  });
});
