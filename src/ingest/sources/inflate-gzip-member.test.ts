import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipDataStart, inflateGzipMember, inflateGzipMemberSync } from './inflate-gzip-member.js';

const text = `${'{"requestId":"a","inputTokenCount":12}\n'.repeat(500)}`;
const member = gzipSync(text);

/** A gzip member with optional header fields (RFC 1952): extra field, name, comment, header CRC. */
function withHeader(fields: { extra?: Buffer; name?: string; comment?: string; headerCrc?: boolean }): Buffer {
  const header = Buffer.from(member.subarray(0, 10));
  const parts: Buffer[] = [header];
  let flags = 0;
  if (fields.extra !== undefined) {
    flags |= 0x04;
    const length = Buffer.alloc(2);
    length.writeUInt16LE(fields.extra.length);
    parts.push(length, fields.extra);
  }
  if (fields.name !== undefined) {
    flags |= 0x08;
    parts.push(Buffer.from(`${fields.name}\0`, 'latin1'));
  }
  if (fields.comment !== undefined) {
    flags |= 0x10;
    parts.push(Buffer.from(`${fields.comment}\0`, 'latin1'));
  }
  // Not checked here (gunzip does check it): any two bytes stand for the header's CRC-16.
  if (fields.headerCrc === true) {
    flags |= 0x02;
    parts.push(Buffer.from([0xab, 0xcd]));
  }
  header[3] = flags;
  return Buffer.concat([...parts, member.subarray(10)]);
}

const both = async (bytes: Uint8Array): Promise<(string | undefined)[]> => [
  inflateGzipMemberSync(bytes, {})?.toString('utf8'),
  (await inflateGzipMember(bytes, {}))?.toString('utf8'),
];

describe('inflateGzipMemberSync and inflateGzipMember', () => {
  it('decompress one gzip member, whatever optional header fields it has', async () => {
    for (const bytes of [member, withHeader({ name: 'logs.json' }), withHeader({ extra: Buffer.from('AP\u0002\u0000xy'), name: 'a.json', comment: 'from CloudWatch', headerCrc: true })]) {
      expect(await both(bytes)).toEqual([text, text]);
    }
    expect(await both(gzipSync(''))).toEqual(['', '']);
  });

  it('leave to gunzip what is not exactly one member ending in its trailer', async () => {
    const cut = (bytes: Buffer, end: number): Buffer => bytes.subarray(0, end);
    const wrongLength = Buffer.from(member);
    wrongLength.writeUInt32LE(text.length + 1, member.length - 4);
    const cases = [
      Buffer.concat([member, gzipSync('{"second":true}\n')]), // a second member
      Buffer.concat([member, Buffer.from('trailing')]), // bytes after the trailer
      cut(member, member.length - 100), // truncated
      cut(member, 12),
      wrongLength,
      Buffer.from(text), // not gzip
    ];
    for (const bytes of cases) expect(await both(bytes)).toEqual([undefined, undefined]);
  });

  it('do not check the CRC-32 (as DuckDB does not), so a wrong one is not an error', async () => {
    const wrongCrc = Buffer.from(member);
    wrongCrc.writeUInt32LE((wrongCrc.readUInt32LE(member.length - 8) + 1) >>> 0, member.length - 8);
    expect(await both(wrongCrc)).toEqual([text, text]);
  });

  it('throw gunzip\u2019s RangeError for text over maxOutputLength, for the caller to stream', async () => {
    expect(() => inflateGzipMemberSync(member, { maxOutputLength: 100 })).toThrow(RangeError);
    await expect(inflateGzipMember(member, { maxOutputLength: 100 })).rejects.toThrow(RangeError);
  });
});

describe('gzipDataStart', () => {
  it('finds the deflate data after the optional header fields', () => {
    expect(gzipDataStart(member)).toBe(10);
    expect(gzipDataStart(withHeader({ name: 'ab' }))).toBe(13);
    expect(gzipDataStart(withHeader({ extra: Buffer.alloc(4), comment: 'c', headerCrc: true }))).toBe(10 + 2 + 4 + 2 + 2);
  });

  it('refuses what is not a deflate gzip header', () => {
    const reservedFlag = Buffer.from(member);
    reservedFlag[3] = 0x20;
    const noNameEnd = Buffer.from(member.subarray(0, 10));
    noNameEnd[3] = 0x08;
    for (const bytes of [Buffer.from('{"a":1}'), Buffer.from([0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 0]), reservedFlag, Buffer.concat([noNameEnd, Buffer.from('name')]), member.subarray(0, 5)]) {
      expect(gzipDataStart(bytes)).toBeUndefined();
    }
  });
});
