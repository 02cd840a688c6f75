import Table from 'cli-table3';

export type Alignment = 'left' | 'right';

/** A plain table for people (no header row when `head` is empty); `--json` is the machine format. */
export function formatTable(head: readonly string[], rows: readonly (readonly string[])[], align: readonly Alignment[] = []): string {
  const table = new Table({
    head: [...head],
    style: { head: [], border: [], compact: true },
    colAligns: Array.from({ length: Math.max(head.length, ...rows.map((row) => row.length)) }, (_, index) => align[index] ?? 'left'),
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) table.push([...row]);
  return `${table.toString()}\n`;
}

export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
