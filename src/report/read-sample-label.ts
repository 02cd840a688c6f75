import type { Ledger } from '../ledger/index.js';

/** Ledger meta key that marks generated sample data; its value is the label every result repeats. */
export const sampleMetaKey = 'sample';

/** The ledger's sample-data label, or null for real usage. */
export async function readSampleLabel(ledger: Ledger): Promise<string | null> {
  return (await ledger.getMeta(sampleMetaKey)) ?? null;
}
