/** A token count as sent, or null when it is missing or not a non-negative whole number. */
export function readTokenCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}
