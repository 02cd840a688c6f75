import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PricingCatalog } from '../../pricing/index.js';
import type { TaskAttributor } from '../attribute-task.js';
import type { IngestBatch } from '../create-ingest-batch.js';
import type { BillingSummary, IssueCollector } from '../ingest-report.js';
import { hashText } from '../invocation-log/create-prompt-hasher.js';
import type { GetS3Client } from '../sources/create-s3-client.js';
import { openSourceStream } from '../sources/open-source-stream.js';
import type { SourceFile } from '../sources/source-file.js';
import { convertBillingLine } from './convert-billing-line.js';
import type { BillingModelResolver } from './create-billing-model-resolver.js';
import { type BillingExport, readBillingExport } from './read-billing-export.js';
import { readBillingLine } from './read-billing-line.js';

export interface BillingFileContext {
  pricing: PricingCatalog;
  resolveModel: BillingModelResolver;
  attribute: TaskAttributor;
  batch: IngestBatch;
  issues: IssueCollector;
  billing: BillingSummary;
  s3: GetS3Client;
  onRecord(): void;
  counters: { read: number; skipped: number };
}

/** DuckDB reads local files; an S3 export is copied to a temp file first (no httpfs offline). */
async function withLocalCopy<T>(file: SourceFile, s3: GetS3Client, work: (path: string) => Promise<T>): Promise<T> {
  if (file.location.kind === 'local') return work(file.location.path);
  const dir = await mkdtemp(join(tmpdir(), 'frugal-billing-'));
  try {
    const path = join(dir, basename(file.location.key));
    await pipeline(await openSourceStream(file.location, s3), createWriteStream(path));
    return await work(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Reads a CUR or FOCUS export into the batch: Bedrock usage lines become rows priced by the bill;
 * other services, and Bedrock tax/credit/fee lines, are counted and left out. False when the file
 * could not be read at all (reported), so a later run tries it again.
 */
export async function ingestBillingFile(file: SourceFile, context: BillingFileContext): Promise<boolean> {
  let exported: BillingExport;
  try {
    exported = await withLocalCopy(file, context.s3, readBillingExport);
  } catch (error) {
    context.issues.add({ kind: 'unsupported-billing-file', file: file.name, line: null, message: (error as Error).message });
    return false;
  }
  const { billing } = context;
  billing.files += 1;
  billing.rowsRead += exported.totalRows;
  billing.bedrockRows += exported.bedrockRows.length;
  billing.otherRows += exported.totalRows - exported.bedrockRows.length;
  billing.otherAiRows += exported.otherAiRows;
  // Identical lines in one export are distinct charges: number them so none collapses into another.
  const occurrences = new Map<string, number>();
  for (const record of exported.bedrockRows) {
    const index = Number(record.row_index ?? 0);
    const line = exported.hasLines ? index + 1 : null;
    const read = readBillingLine(record, exported.format);
    if (!read.ok) {
      context.counters.read += 1;
      context.counters.skipped += 1;
      context.issues.add({ kind: 'invalid-billing-row', file: file.name, line, message: read.message });
      continue;
    }
    if (!read.line.usage) {
      billing.nonUsageRows += 1;
      continue;
    }
    context.counters.read += 1;
    context.onRecord();
    const identity = hashText(read.line.identity);
    const occurrence = (occurrences.get(identity) ?? 0) + 1;
    occurrences.set(identity, occurrence);
    const requestId = read.line.lineItemId !== null ? `${read.line.lineItemId}@${read.line.start}` : `${exported.format}:${identity}#${occurrence}`;
    const draft = convertBillingLine(read.line, { source: exported.format, requestId, sourceFile: file.name, sourceLine: line, pricing: context.pricing, resolveModel: context.resolveModel });
    const task = context.attribute({ metadata: draft.metadata, callerArn: draft.callerArn, modelId: draft.modelId, systemText: null });
    if (draft.billedCost !== null) {
      billing.billedCost += draft.billedCost;
      if (draft.catalogCost !== null) {
        billing.comparedBilledCost += draft.billedCost;
        billing.comparedCatalogCost += draft.catalogCost;
      }
    }
    await context.batch.add({ ...draft, ...task });
  }
  return true;
}
