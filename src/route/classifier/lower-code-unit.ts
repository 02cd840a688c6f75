/**
 * `String.prototype.toLowerCase` one UTF-16 code unit at a time, so a prompt can be featurised
 * without building its lower-cased copy. Lower-casing is per code point except for İ (U+0130,
 * which becomes two code units) and Σ (U+03A3, final or not by its neighbours); for those this
 * returns −1 and the caller lower-cases the string instead. Surrogates are left to
 * `lowerSurrogatePair`. Each code unit's mapping is worked out once per process.
 */
const table = new Uint16Array(65536);
const known = new Uint8Array(65536);
for (let code = 0; code < 128; code += 1) {
  table[code] = code >= 65 && code <= 90 ? code + 32 : code;
  known[code] = 1;
}
const DOTTED_CAPITAL_I = 0x130;
const CAPITAL_SIGMA = 0x3a3;

export function lowerCodeUnit(code: number): number {
  if (known[code] === 1) return table[code] as number;
  if (code === DOTTED_CAPITAL_I || code === CAPITAL_SIGMA) return -1;
  const lowered = String.fromCharCode(code).toLowerCase();
  const result = lowered.length === 1 ? lowered.charCodeAt(0) : -1;
  if (result >= 0) {
    table[code] = result;
    known[code] = 1;
  }
  return result;
}

const pairs = new Map<number, number>();

/** The lower-cased surrogate pair as `lead << 16 | trail` (unsigned), or −1 when it is not one pair. */
export function lowerSurrogatePair(lead: number, trail: number): number {
  const key = lead * 65536 + trail;
  const cached = pairs.get(key);
  if (cached !== undefined) return cached;
  const lowered = String.fromCharCode(lead, trail).toLowerCase();
  const result = lowered.length === 2 ? lowered.charCodeAt(0) * 65536 + lowered.charCodeAt(1) : -1;
  if (pairs.size < 4096) pairs.set(key, result);
  return result;
}
