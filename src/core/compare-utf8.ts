/**
 * Orders strings by their UTF-8 bytes, which is code point order: how S3 sorts keys. JavaScript's
 * own order compares UTF-16 code units, which puts a character above U+FFFF (a surrogate pair,
 * U+D800-U+DFFF) before U+E000-U+FFFF, where UTF-8 puts it after.
 */
export function compareUtf8(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a === b) continue;
    if (a >= 0xd800 && b >= 0xd800) {
      const surrogateA = a <= 0xdfff;
      if (surrogateA !== b <= 0xdfff) return surrogateA ? 1 : -1;
    }
    return a - b;
  }
  return left.length - right.length;
}
