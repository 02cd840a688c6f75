/** Why a record, line or file was skipped. Each is counted with its file and line. */
export const issueKinds = [
  'invalid-json',
  'invalid-record',
  'unknown-schema',
  'unknown-model',
  'truncated-gzip',
  'unreadable-file',
  'unreadable-source',
  'unreadable-body',
  'invalid-billing-row',
  'unsupported-billing-file',
  /** A file of JSON no reader knows (or OTLP metrics/logs): reported once, the file left alone. */
  'unknown-format',
  /** A bench result from `frugal emulator`: nothing was billed, so it is no ledger row. */
  'simulated',
] as const;
export type IssueKind = (typeof issueKinds)[number];

export interface IngestIssue {
  kind: IssueKind;
  /** File (or source argument) the problem is in. */
  file: string;
  /** 1-based line, when the problem has one. */
  line: number | null;
  message: string;
}

export interface IssueSummary {
  kind: IssueKind;
  count: number;
  /** The first few occurrences, to find and fix them. */
  examples: IngestIssue[];
}

export interface BillingSummary {
  files: number;
  /** Every row of the billing files read. */
  rowsRead: number;
  /** Amazon Bedrock rows (product code AmazonBedrock*, Marketplace "(Amazon Bedrock Edition)"). */
  bedrockRows: number;
  /** Other services' rows, ignored. */
  otherRows: number;
  /** Of those, rows in FOCUS ServiceCategory "AI and Machine Learning" (not Bedrock), ignored. */
  otherAiRows: number;
  /** Bedrock tax, credit, refund and fee lines, ignored (not usage). */
  nonUsageRows: number;
  /** Sum of the Bedrock usage rows' billed cost. */
  billedCost: number;
  /** Our catalog price of the rows we could price, and their billed cost, for comparison. */
  comparedBilledCost: number;
  comparedCatalogCost: number;
}

export interface IngestReport {
  ledger: string;
  /**
   * Files by what their content turned out to be. `ignored`: a bench run's summary.json and
   * results.csv (they repeat its results.jsonl). `unreadable`: broken, cut short or of no known format.
   */
  files: {
    invocationLogs: number;
    billing: number;
    benchResults: number;
    otlpTraces: number;
    usageRows: number;
    ignored: number;
    /** Files the ledger records as ingested at the version they have now: skipped (see `reread`). */
    unchanged: number;
    unreadable: number;
  };
  records: {
    /** Records (and billing rows of Bedrock usage) read. */
    read: number;
    /** Read and turned into ledger rows. */
    valid: number;
    inserted: number;
    /** Already in the ledger (same source and request id): ingesting twice changes nothing. */
    alreadyInLedger: number;
    /** Billing rows the export had revised since the last ingest. */
    replaced: number;
    skipped: number;
  };
  billing: BillingSummary;
  /** frugal's own sources: bench calls and judge rows, and what the OTLP spans were. */
  bench: { calls: number; judgeRows: number; unbilledErrors: number };
  otel: { spans: number; calls: number; nonGenAiSpans: number; otherGenAiSpans: number; failedWithoutUsage: number };
  /**
   * Known cost of the valid rows: `catalog` for calls priced by frugal (invocation logs, bench,
   * spans, usage rows), `billed` for billing rows; and how many rows had no known cost (never counted as 0).
   * The two describe the same spend when logs and bills cover the same period: do not add them.
   */
  cost: { catalog: number; billed: number; unpricedRows: number };
  usage: { first: string | null; last: string | null };
  issues: IssueSummary[];
  durationMs: number;
  recordsPerSecond: number;
  /** Worker threads that read the files (0: all on the main thread). */
  workers: number;
}

export interface IssueCollector {
  add(issue: IngestIssue): void;
  /** Counts more of a kind whose examples were already taken (a worker sends only the first few). */
  addCount(kind: IssueKind, count: number): void;
  count(): number;
  summary(): IssueSummary[];
}

export function createIssueCollector(examplesPerKind = 5): IssueCollector {
  const byKind = new Map<IssueKind, IssueSummary>();
  let total = 0;
  return {
    add(issue) {
      total += 1;
      let entry = byKind.get(issue.kind);
      if (entry === undefined) {
        entry = { kind: issue.kind, count: 0, examples: [] };
        byKind.set(issue.kind, entry);
      }
      entry.count += 1;
      if (entry.examples.length < examplesPerKind) entry.examples.push(issue);
    },
    addCount(kind, count) {
      if (count <= 0) return;
      total += count;
      const entry = byKind.get(kind) ?? { kind, count: 0, examples: [] };
      entry.count += count;
      byKind.set(kind, entry);
    },
    count: () => total,
    summary: () => issueKinds.flatMap((kind) => byKind.get(kind) ?? []),
  };
}
