import { describe, expect, it } from 'vitest';
import { makeUsageRow } from '../../test/helpers/make-usage-row.js';
import type { UsageRow } from '../core/index.js';
import { createRowJsonWriter } from './create-row-json-writer.js';
import { rowKey } from './ledger-columns.js';
import { ledgerRowJson, rowContext } from './ledger-row-json.js';

const rows = Array.from({ length: 300 }, (_, index) => makeUsageRow({ requestId: `req-${index}`, requestPreview: `preview ${index} ü` }));
const row = (index: number): UsageRow => rows[index] as UsageRow;
const expected = (from: number, to: number): string => rows.slice(from, to).map((each) => `${ledgerRowJson(each, rowContext(each).id)}\n`).join('');
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('createRowJsonWriter', () => {
  it('writes each take into a buffer of its own, growing it as needed', () => {
    const writer = createRowJsonWriter();
    for (const each of rows.slice(0, 200)) writer.write(each);
    expect(writer.count).toBe(200);
    const first = writer.take();
    expect(decode(first.text)).toBe(expected(0, 200));
    expect(first.keys).toEqual(rows.slice(0, 200).map(rowKey));
    writer.write(row(200));
    const second = writer.take();
    expect(second.text.buffer).not.toBe(first.text.buffer);
    expect(decode(first.text)).toBe(expected(0, 200));
    expect(decode(second.text)).toBe(expected(200, 201));
  });

  it('starts a take in a spare buffer large enough, overwriting what it held, and drops one too small', () => {
    const spares: ArrayBuffer[] = [new ArrayBuffer(16), new Uint8Array(256 * 1024).fill(0x7b).buffer];
    const big = spares[1];
    const writer = createRowJsonWriter(spares);
    for (const each of rows.slice(0, 100)) writer.write(each);
    const reused = writer.take();
    expect(reused.text.buffer).toBe(big);
    expect(decode(reused.text)).toBe(expected(0, 100));
    expect(spares).toHaveLength(1);

    // The 16-byte spare cannot hold a line: it is dropped and a buffer allocated.
    writer.write(row(100));
    const fresh = writer.take();
    expect(spares).toHaveLength(0);
    expect(fresh.text.buffer.byteLength).toBeGreaterThanOrEqual(64 * 1024);
    expect(decode(fresh.text)).toBe(expected(100, 101));
  });

  it('outgrows a spare mid-take without losing the lines written to it', () => {
    const small = new ArrayBuffer(8 * 1024);
    const writer = createRowJsonWriter([small]);
    for (const each of rows) writer.write(each);
    const taken = writer.take();
    expect(taken.text.buffer).not.toBe(small);
    expect(decode(taken.text)).toBe(expected(0, rows.length));
  });

  it('hands each context over once, with the first take whose lines name it', () => {
    const other = makeUsageRow({ requestId: 'other-model', modelId: 'another-model' });
    const writer = createRowJsonWriter();
    writer.write(row(0));
    writer.write(other);
    writer.write(row(1));
    const first = writer.take();
    expect(first.contexts.map((context) => context.id)).toEqual([rowContext(row(0)).id, rowContext(other).id]);
    expect(new Set(decode(first.text).trim().split('\n').map((line) => (JSON.parse(line) as { context: string }).context)).size).toBe(2);
    writer.write(row(2));
    writer.write(other);
    expect(writer.take().contexts).toEqual([]);
  });
});
