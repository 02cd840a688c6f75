/**
 * Tokens per unit of a billed quantity: CUR prices Bedrock per "1K tokens", Marketplace models
 * per million, FOCUS may say "Tokens" or "1000 Tokens". Undefined when the unit does not say
 * (the row then keeps its cost and quantity but no token count).
 */
export function readTokenUnit(unit: string | null, usageType: string | null): number | undefined {
  const text = (unit ?? '').toLowerCase().replace(/,/g, '').replace(/\s+/g, ' ').trim();
  if (/^(?:1k|1000|k|thousand) tokens?$/.test(text)) return 1_000;
  if (/^(?:1m|1000000|1 million|million|m) tokens?$/.test(text)) return 1_000_000;
  if (/^tokens?$/.test(text)) return 1;
  if ((text === 'units' || text === 'unit') && /million/i.test(usageType ?? '')) return 1_000_000;
  return undefined;
}
