/** One example of a task: the variables its templates use and, optionally, the known-good output. */
export interface BenchExample {
  id: string;
  vars: Record<string, unknown>;
  expected?: string | number | boolean | Record<string, unknown>;
  /** Reference answer for judges. */
  reference?: string;
  category?: string;
  /** Where it came from (`tickets.csv line 12`), for error messages. */
  source: string;
}

/** The reference a judge sees: the explicit one, else the expected output as text. */
export function referenceOf(example: BenchExample): string | undefined {
  if (example.reference !== undefined) return example.reference;
  if (example.expected === undefined) return undefined;
  return typeof example.expected === 'string' ? example.expected : JSON.stringify(example.expected);
}
