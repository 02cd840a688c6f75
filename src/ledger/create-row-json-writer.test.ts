import { describe, expect, it } from 'vitest';
import { makeUsageRow } from '../../test/helpers/make-usage-row.js';
import { createRowJsonWriter } from './create-row-json-writer.js';
import { rowKey } from './ledger-columns.js';
import { ledgerRowJson, rowContext } from './ledger-row-json.js';

const rows = Array.from({ length: 300 }, (_, index) => makeUsageRow({ requestId: `req-${index}`, requestPreview: `preview ${index} ü` }));
const expected = (from: number, to: number): string => rows.slice(from, to).map((row) => `${ledgerRowJson(row, rowContext(row).id)}\n`).join('');
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('createRowJsonWriter', () => {
  it('writes each take into a buffer of its own, growing it as needed', () => {
    const writer = createRowJsonWriter();
    for (const row of rows.slice(0, 200)) writer.write(row);
    expect(writer.count).toBe(200);
    const first = writer.take();
    expect(decode(first.text)).toBe(expected(0, 200));
    expect(first.keys).toEqual(rows.slice(0, 200).map(rowKey));
    writer.write(rows[200] as never);
    const second = writer.take();
    expect(second.text.buffer).not.toBe(first.text.buffer);
    expect(decode(first.text)).toBe(expected(0, 200));
    expect(decode(second.text)).toBe(expected(200, 201));
  });

  it('starts a take in a spare buffer large enough, overwriting what it held, and drops one too small', () => {
    const spares: ArrayBuffer[] = [new ArrayBuffer(16), new Uint8Array(256 * 1024).fill(0x7b).buffer];
    const big = spares[1];
    const writer = createRowJsonWriter(spares);
    for (const row of rows.slice(0, 100)) writer.write(row);
    const reused = writer.take();
    expect(reused.text.buffer).toBe(big);
    expect(decode(reused.text)).toBe(expected(0, 100));
    expect(spares).toHaveLength(1);

    // The 16-byte spare cannot hold a line: it is dropped and a buffer allocated.
    writer.write(rows[100] as never);
    const fresh = writer.take();
    expect(spares).toHaveLength(0);
    expect(fresh.text.buffer.byteLength).toBeGreaterThanOrEqual(64 * 1024);
    expect(decode(fresh.text)).toBe(expected(100, 101));
  });

  it('outgrows a spare mid-take without losing the lines written to it', () => {
    const small = new ArrayBuffer(8 * 1024);
    const writer = createRowJsonWriter([small]);
    for (const row of rows) writer.write(row);
    const taken = writer.take();
    expect(taken.text.buffer).not.toBe(small);
    expect(decode(taken.text)).toBe(expected(0, rows.length));
  });

  it('hands each context over once, with the first take whose lines name it', () => {
    const other = makeUsageRow({ requestId: 'other-model', modelId: 'another-model' });
    const writer = createRowJsonWriter();
    writer.write(rows[0] as never);
    writer.write(other);
    writer.write(rows[1] as never);
    const first = writer.take();
    expect(first.contexts.map((context) => context.id)).toEqual([rowContext(rows[0] as never).id, rowContext(other).id]);
    expect(new Set(decode(first.text).trim().split('\n').map((line) => (JSON.parse(line) as { context: string }).context)).size).toBe(2);
    writer.write(rows[2] as never);
    writer.write(other);
    expect(writer.take().contexts).toEqual([]);
  });
});
