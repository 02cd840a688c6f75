import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listSourceFiles } from './list-source-files.js';

const dir = mkdtempSync(join(tmpdir(), 'frugal-list-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const put = (path: string, text = '{}\n'): void => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const noS3 = (): never => {
  throw new Error('no S3 here');
};

describe('listSourceFiles (local)', () => {
  it('walks folders in name order at every level, skipping hidden entries and bodies, with each file size and version', async () => {
    // Written out of order, in folders deep and shallow, as a log bucket's hour folders are.
    for (const hour of ['10', '02', '01']) for (const name of ['b.json.gz', 'a.json.gz']) put(`logs/2026/07/01/${hour}/${name}`);
    put('logs/2026/06/30/23/z.json.gz');
    put('logs/top.jsonl', '{"a":1}\n{"a":2}\n');
    put('logs/.frugal-bulk-x/stage-0.jsonl');
    put('logs/2026/07/01/01/.hidden.json.gz');
    put('logs/2026/07/01/01/r1_input.json.gz');
    put('logs/2026/07/01/01/notes.md');
    put('logs/bill.csv', 'a,b\n');

    const { files, problems } = await listSourceFiles(['logs'], { cwd: dir, s3: noS3 });
    expect(problems).toEqual([]);
    expect(files.map((file) => [file.name, file.format])).toEqual([
      ['logs/2026/06/30/23/z.json.gz', 'invocation-log'],
      ['logs/2026/07/01/01/a.json.gz', 'invocation-log'],
      ['logs/2026/07/01/01/b.json.gz', 'invocation-log'],
      ['logs/2026/07/01/02/a.json.gz', 'invocation-log'],
      ['logs/2026/07/01/02/b.json.gz', 'invocation-log'],
      ['logs/2026/07/01/10/a.json.gz', 'invocation-log'],
      ['logs/2026/07/01/10/b.json.gz', 'invocation-log'],
      ['logs/bill.csv', 'billing'],
      ['logs/top.jsonl', 'invocation-log'],
    ]);
    const top = files.find((file) => file.name === 'logs/top.jsonl');
    const stats = statSync(join(dir, 'logs/top.jsonl'));
    expect(top).toMatchObject({ location: { kind: 'local', path: join(dir, 'logs/top.jsonl') }, size: 16, version: `16:${stats.mtimeMs}` });
  });

  it('reports a missing source and still lists the others', async () => {
    put('other/one.json.gz');
    const { files, problems } = await listSourceFiles(['missing', 'other'], { cwd: dir, s3: noS3 });
    expect(problems).toEqual([{ source: 'missing', message: 'no such file or folder' }]);
    expect(files.map((file) => file.name)).toEqual(['other/one.json.gz']);
  });
});
