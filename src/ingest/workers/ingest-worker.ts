/**
 * A worker thread of `frugal ingest`: reads runs of whole files, local or in S3 (fetch, gunzip,
 * split, JSON.parse, validate, hash prompts, price, attribute) and posts their rows to the main
 * thread in file order, which writes them to the ledger. Started by `createIngestPool`; not for import.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { UsageRow } from '../../core/index.js';
import { createPricingCatalog } from '../../pricing/index.js';
import { createTaskAttributor } from '../attribute-task.js';
import { type FileContext, type FileTally, createFileTally } from '../file-context.js';
import type { IngestIssue, IssueKind } from '../ingest-report.js';
import { ingestTextFile } from '../ingest-text-file.js';
import { createPromptHasher } from '../invocation-log/create-prompt-hasher.js';
import { createBodyFetcher } from '../sources/fetch-offloaded-body.js';
import { createLogTextPrefetcher } from '../sources/create-log-text-prefetcher.js';
import { createLazyS3Client } from '../sources/create-s3-client.js';
import { type LoadedLogText, loadLocalLogTextSync, wholeFileLimit } from '../sources/load-log-text.js';
import type { SourceFile } from '../sources/source-file.js';
import { createRowLines, transferablesOf } from '../create-row-lines.js';
import { encodeUsageRows } from './encode-usage-rows.js';
import type { FromWorker, ToWorker, WorkerBatch, WorkerSetup } from './worker-protocol.js';

const rowsPerMessage = 1000;
/** Line buffers kept for reuse: about what is in flight between a worker and the main thread. */
const maxSpares = 16;
const examplesPerKind = 5;
const encoder = new TextEncoder();

function start(port: NonNullable<typeof parentPort>, setup: WorkerSetup): void {
  const post = (message: FromWorker): void => port.postMessage(message, message.type === 'batch' ? [message.rows.buffer as ArrayBuffer, ...(message.lines === undefined ? [] : transferablesOf(message.lines))] : []);
  const pricing = createPricingCatalog(setup.pricing.catalog, setup.pricing.overrides);
  if (pricing.version !== setup.pricingVersion) {
    post({ type: 'fatal', message: `the worker's pricing catalog is ${pricing.version}, the main thread's ${setup.pricingVersion}` });
    return;
  }
  const hasher = createPromptHasher();
  const attribute = createTaskAttributor(setup.config);
  const client = createLazyS3Client(setup.s3);
  const s3 = client.get;
  const fetchBody = setup.fetchBodies ? createBodyFetcher(s3) : undefined;

  // Flow control: at most `window` messages unacknowledged, so a worker ahead of the main thread waits.
  let unacked = 0;
  let wake: (() => void) | undefined;
  const send = async (message: WorkerBatch): Promise<void> => {
    post(message);
    unacked += 1;
    while (unacked >= setup.window) await new Promise<void>((resolve) => (wake = resolve));
  };

  const spares: ArrayBuffer[] = [];
  const queue: { id: number; files: SourceFile[] }[] = [];
  let running = false;
  const runJob = async (id: number, files: readonly SourceFile[]): Promise<void> => {
    let rows: UsageRow[] = [];
    const lines = createRowLines(spares);
    let issues: IngestIssue[] = [];
    let moreIssues: Partial<Record<IssueKind, number>> = {};
    let examples = new Map<IssueKind, number>();
    let tallies: FileTally[] = [];
    // Records read by the job's finished files, and how many of the job's records were reported.
    let finishedRead = 0;
    let sentRead = 0;
    const flush = async (done: boolean): Promise<void> => {
      const read = finishedRead + context.tally.read;
      const message: WorkerBatch = { type: 'batch', id, rows: encoder.encode(encodeUsageRows(rows)), lines: setup.rowLines ? lines.take() : undefined, issues, moreIssues, text: hasher.drainText(), read: read - sentRead, tallies, done };
      sentRead = read;
      rows = [];
      issues = [];
      moreIssues = {};
      examples = new Map();
      tallies = [];
      await send(message);
    };
    const context: FileContext = {
      pricing,
      hasher,
      attribute,
      addRow(row) {
        // Billed rows replace older versions of themselves through the ledger's row path.
        if (setup.rowLines && row.costBasis !== 'billed') lines.add(row);
        else rows.push(row);
        return rows.length + lines.count >= rowsPerMessage ? flush(false) : undefined;
      },
      addIssue(issue) {
        const seen = examples.get(issue.kind) ?? 0;
        examples.set(issue.kind, seen + 1);
        if (seen < examplesPerKind) issues.push(issue);
        else moreIssues[issue.kind] = (moreIssues[issue.kind] ?? 0) + 1;
      },
      s3,
      fetchBody,
      tally: createFileTally(),
    };
    // S3 objects are fetched a few at a time ahead of the one being read; local files are read
    // (synchronously: nothing else waits on this thread) when their turn comes.
    const fetched = createLogTextPrefetcher(files, s3, { wanted: (file) => file.location.kind === 's3', maxItems: 8, maxBytes: 32 * 1024 * 1024 });
    for (const [index, file] of files.entries()) {
      let preloaded: LoadedLogText | undefined = await fetched.take(index);
      if (file.location.kind === 'local' && file.size <= wholeFileLimit) {
        try {
          preloaded = loadLocalLogTextSync(file.location.path);
        } catch {
          preloaded = undefined;
        }
      }
      try {
        await ingestTextFile(file, context, preloaded);
      } catch (error) {
        context.tally.unreadable = true;
        context.addIssue({ kind: 'unreadable-file', file: file.name, line: null, message: (error as Error).message });
      }
      finishedRead += context.tally.read;
      tallies.push(context.tally);
      context.tally = createFileTally();
    }
    await flush(true);
  };
  const drain = async (): Promise<void> => {
    if (running) return;
    running = true;
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await runJob(next.id, next.files);
    running = false;
  };

  port.on('message', (message: ToWorker) => {
    if (message.type === 'ack') {
      unacked -= 1;
      wake?.();
      wake = undefined;
      return;
    }
    if (message.type === 'buffers') {
      for (const buffer of message.buffers) if (spares.length < maxSpares) spares.push(buffer);
      return;
    }
    queue.push({ id: message.id, files: message.files });
    void drain().catch((error: unknown) => post({ type: 'fatal', message: (error as Error).stack ?? String(error) }));
  });
  post({ type: 'ready' });
}

if (parentPort !== null) start(parentPort, workerData as WorkerSetup);
