import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runModuleScript } from '../../../test/helpers/run-module-script.js';
import { loadLocalLogTextSync, loadLogText } from './load-log-text.js';
import type { SourceFile } from './source-file.js';

const dir = mkdtempSync(join(tmpdir(), 'frugal-load-text-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const write = (name: string, bytes: Uint8Array): SourceFile => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { name: path, size: bytes.length, format: 'invocation-log', location: { kind: 'local', path } };
};

describe('loadLogText and loadLocalLogTextSync', () => {
  const ascii = ['{"a":"plain text"}', '{"b":2}'];
  const unicode = ['{"a":"Grüße, ½ price 😀 …"}', '{"b":"日本語"}'];
  // Two gzip members back to back: the trailer's length covers only the last one.
  const members = Buffer.concat([gzipSync(`${'x'.repeat(200_000)}\n`), gzipSync('{"last":true}\n')]);
  const cases: [string, SourceFile, string[]][] = [
    ['ASCII, gzipped', write('ascii.json.gz', gzipSync(`${ascii.join('\n')}\n`)), ascii],
    ['UTF-8, gzipped', write('unicode.json.gz', gzipSync(`${unicode.join('\r\n')}\r\n`)), unicode],
    ['UTF-8, plain', write('unicode.json', Buffer.from(unicode.join('\n'))), unicode],
    ['two gzip members', write('members.json.gz', members), ['x'.repeat(200_000), '{"last":true}']],
    ['blank lines, no final line feed', write('blank.json.gz', gzipSync('{"a":1}\r\n\n\r\n{"b":2}')), ['{"a":1}', '', '', '{"b":2}']],
    ['only a line feed', write('newline.json', Buffer.from('\n')), ['']],
    ['empty', write('empty.json.gz', gzipSync('')), []],
  ];

  it.each(cases)('decodes %s whole, line by line', async (_name, file, lines) => {
    expect([...((await loadLogText(file, () => undefined as never))?.lines ?? [])]).toEqual(lines);
    expect([...(loadLocalLogTextSync(file.location.kind === 'local' ? file.location.path : '')?.lines ?? [])]).toEqual(lines);
  });

  it('reads a gzip whose CRC-32 alone is wrong, and reports one whose trailer length is wrong', async () => {
    const damaged = (offset: number): SourceFile => {
      const bytes = gzipSync(`${ascii.join('\n')}\n`);
      bytes.writeUInt32LE((bytes.readUInt32LE(bytes.length - offset) + 1) >>> 0, bytes.length - offset);
      return write(`damaged-${offset}.json.gz`, bytes);
    };
    const read = async (file: SourceFile) => [await loadLogText(file, () => undefined as never), loadLocalLogTextSync(file.name)];
    for (const loaded of await read(damaged(8))) expect([[...(loaded?.lines ?? [])], loaded?.failure]).toEqual([ascii, undefined]);
    for (const loaded of await read(damaged(4))) expect(loaded?.failure).toEqual({ message: 'incorrect length check', truncated: true });
  });

  it('lets go of the file bytes once its lines are read, or reading stops early', () => {
    // 40 MB of text: a reader that kept it would leave that much in array buffers.
    const file = write('big.json.gz', gzipSync(`${'{"text":"'.concat('x'.repeat(4000), '"}\n').repeat(10_000)}`));
    const module = JSON.stringify(new URL('./load-log-text.ts', import.meta.url).href);
    const script = `
      const { loadLocalLogTextSync } = await import(${module});
      // Array buffers are swept on the main thread (the flag), so a freed one is gone when measured.
      const arrayBuffersMb = () => { globalThis.gc(); return process.memoryUsage().arrayBuffers / 1e6; };
      const whole = loadLocalLogTextSync(${JSON.stringify(file.name)});
      let lines = 0;
      for (const line of whole.lines) lines += line.length > 0 ? 1 : 0;
      const afterWhole = arrayBuffersMb();
      const stopped = loadLocalLogTextSync(${JSON.stringify(file.name)});
      for (const line of stopped.lines) break;
      const afterStop = arrayBuffersMb();
      // Both are still referenced here: only their bytes may go.
      console.log(JSON.stringify({ lines, afterWhole, afterStop, held: [whole, stopped].length }));`;
    const { lines, afterWhole, afterStop } = runModuleScript(script, ['--expose-gc', '--no-concurrent-array-buffer-sweeping']) as { lines: number; afterWhole: number; afterStop: number };
    expect(lines).toBe(10_000);
    expect(afterWhole).toBeLessThan(5);
    expect(afterStop).toBeLessThan(5);
  });
});
