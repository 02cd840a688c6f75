/** Whether bytes start with gzip's magic number: files are told by their bytes, not their names. */
export const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
