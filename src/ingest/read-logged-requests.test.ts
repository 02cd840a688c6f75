import { mkdtempSync, renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInvocationLogTree, fixtureNames, fixtureRecord, provisionedArn } from '../../test/helpers/build-invocation-log-tree.js';
import { configSchema } from '../config/index.js';
import type { UsageRow } from '../core/index.js';
import { openLedger } from '../ledger/index.js';
import { createPricingCatalog, defaultCatalog } from '../pricing/index.js';
import { ingestSources } from './ingest-sources.js';
import { type LoggedRequestRef, readLoggedRequests } from './read-logged-requests.js';

const root = mkdtempSync(join(tmpdir(), 'frugal-logged-requests-'));
const pricing = createPricingCatalog(defaultCatalog(), { modelAliases: { [provisionedArn]: 'anthropic.claude-3-haiku-20240307-v1:0' } });
let rows: UsageRow[];
const refOf = (row: UsageRow): LoggedRequestRef => ({ requestId: row.requestId, sourceFile: row.sourceFile as string, sourceLine: row.sourceLine });

beforeAll(async () => {
  buildInvocationLogTree(join(root, 'logs'));
  const ledger = await openLedger(':memory:');
  try {
    await ingestSources({ sources: ['logs'], cwd: root, ledger, pricing, config: configSchema.parse({}).ingest });
    rows = await ledger.query.listRequests({ limit: 1000 });
  } finally {
    await ledger.close();
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('readLoggedRequests', () => {
  it('reads every ingested call\'s exact request body back from the file and line its ledger row names', async () => {
    const answers = await readLoggedRequests(rows.map(refOf), { roots: [root] });
    expect(answers.size).toBe(rows.length);
    // Inline bodies, as the fixtures (AWS's documented records) hold them.
    for (const name of fixtureNames.filter((candidate) => candidate !== 's3-body-paths')) {
      const record = fixtureRecord(name) as { requestId: string; input: { inputBodyJson: unknown } };
      expect(answers.get(record.requestId)).toEqual({ ok: true, body: record.input.inputBodyJson });
    }
    // An offloaded body, read from its local copy beside the logs.
    const offloaded = fixtureRecord('s3-body-paths') as { requestId: string };
    expect(answers.get(offloaded.requestId)).toEqual({ ok: true, body: { prompt: 'Extract the totals from this statement.', max_gen_len: 800 } });
    // CloudWatch export lines and the good records among bad neighbours.
    for (const id of ['cw-export-1', 'cw-export-2', 'mixed-good-1', 'mixed-good-2']) expect(answers.get(id)?.ok, id).toBe(true);
    expect([...answers.values()].filter((answer) => !answer.ok)).toEqual([]);
  });

  it('says why a request cannot be read back: a file moved, a line that holds another call, a line past the end, no line', async () => {
    const row = rows.find((candidate) => candidate.requestId === 'mixed-good-2') as UsageRow;
    const refs: LoggedRequestRef[] = [
      { ...refOf(row), requestId: 'not-on-that-line' },
      { ...refOf(row), requestId: 'past-the-end', sourceLine: 99 },
      { ...refOf(row), requestId: 'no-line', sourceLine: null },
      { requestId: 'gone', sourceFile: join(root, 'nowhere/log.json.gz'), sourceLine: 1 },
    ];
    const answers = await readLoggedRequests(refs, { roots: [root] });
    expect(Object.fromEntries([...answers].map(([id, answer]) => [id, answer.ok ? 'ok' : answer.reason]))).toEqual({
      'not-on-that-line': 'the log line no longer holds this request (was the file rewritten?)',
      'past-the-end': `${row.sourceFile} has fewer lines than the ledger says`,
      'no-line': 'the ledger row has no log line',
      gone: `the log file is no longer at ${join(root, 'nowhere/log.json.gz')}`,
    });
    renameSync(join(root, 'logs'), join(root, 'moved'));
    const moved = await readLoggedRequests([refOf(row)], { roots: [root] });
    expect(moved.get(row.requestId)).toEqual({ ok: false, reason: `the log file is no longer at ${join(root, row.sourceFile as string)}` });
  });
});
