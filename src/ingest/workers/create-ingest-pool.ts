import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../sources/source-file.js';
import type { FromWorker, ToWorker, WorkerBatch, WorkerSetup } from './worker-protocol.js';

export interface IngestPool {
  /** Queues a run of consecutive files for one worker and returns the job's id; its messages wait until taken. */
  submit(files: SourceFile[]): number;
  /** The next message of job `id`, in the order the worker wrote them (the last one is `done`). */
  next(id: number): Promise<WorkerBatch>;
  /** Says a message of job `id` was consumed, so its worker may run ahead again; `last` after the job's last one. */
  ack(id: number, last: boolean): void;
  /** Hands line buffers whose lines were written out back to the workers (transferred), for reuse; once closed, drops them. */
  recycle(buffers: readonly ArrayBuffer[]): void;
  /** Stops the workers; a second call waits for the first. */
  close(): Promise<void>;
}

interface PoolWorker {
  worker: Worker;
  /** Jobs assigned and not finished. */
  assigned: number;
}

interface FileJob {
  files: SourceFile[];
  owner: PoolWorker | undefined;
  messages: WorkerBatch[];
  waiter: { resolve(message: WorkerBatch): void; reject(error: Error): void } | undefined;
}

/**
 * A young generation of 96 MB instead of V8's default: a worker allocates a parsed record tree per
 * line and keeps little of it, and with the default most of its time went to promoting and
 * collecting short-lived objects (a quarter less CPU measured on 100,000 records).
 */
const resourceLimits = { maxYoungGenerationSizeMb: 96 };

/** Jobs a worker holds at once: the one it reads and the next, so it never waits for the main thread. */
const jobsPerWorker = 2;

/**
 * How to start the worker: the compiled `.js` beside this file, or, when running from TypeScript
 * sources (tests, `node --import tsx`), a bootstrap that registers tsx in the worker first (a
 * worker does not inherit the parent's module hooks).
 */
function spawn(setup: WorkerSetup): Worker {
  const entry = new URL(`./ingest-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (entry.pathname.endsWith('.js')) return new Worker(entry, { workerData: setup, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: setup, resourceLimits });
}

/**
 * A pool of ingest workers (see `ingest-worker.ts`) sized by the caller, handing out jobs (runs of
 * whole files) in the order they are submitted, each to the least busy worker. The main thread
 * takes each job's messages in order, so rows reach the ledger, and skipped lines the report, in
 * the order a single thread would produce them.
 */
export function createIngestPool(size: number, setup: WorkerSetup): IngestPool {
  const jobs = new Map<number, FileJob>();
  const pending: number[] = [];
  let nextId = 0;
  let recycled = 0;
  let closed: Promise<void> | undefined;
  let failure: Error | undefined;

  const fail = (error: Error): void => {
    failure ??= error;
    for (const job of jobs.values()) {
      job.waiter?.reject(failure);
      job.waiter = undefined;
    }
  };
  const workers: PoolWorker[] = Array.from({ length: size }, () => {
    const entry: PoolWorker = { worker: spawn(setup), assigned: 0 };
    entry.worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') return;
      if (message.type === 'fatal') {
        fail(new Error(`an ingest worker failed: ${message.message}`));
        return;
      }
      const job = jobs.get(message.id);
      if (job === undefined) return;
      if (message.done) {
        entry.assigned -= 1;
        assign();
      }
      if (job.waiter !== undefined) {
        job.waiter.resolve(message);
        job.waiter = undefined;
      } else {
        job.messages.push(message);
      }
    });
    entry.worker.on('error', (error) => fail(error));
    entry.worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`an ingest worker exited with code ${code}`));
    });
    return entry;
  });

  function assign(): void {
    while (pending.length > 0) {
      const idle = workers.reduce<PoolWorker | undefined>((best, worker) => (worker.assigned < jobsPerWorker && (best === undefined || worker.assigned < best.assigned) ? worker : best), undefined);
      if (idle === undefined) return;
      const id = pending.shift() as number;
      const job = jobs.get(id) as FileJob;
      job.owner = idle;
      idle.assigned += 1;
      idle.worker.postMessage({ type: 'job', id, files: job.files } satisfies ToWorker);
    }
  }

  return {
    submit(files) {
      const id = nextId;
      nextId += 1;
      jobs.set(id, { files, owner: undefined, messages: [], waiter: undefined });
      pending.push(id);
      assign();
      return id;
    },
    next(id) {
      const job = jobs.get(id);
      if (job === undefined) return Promise.reject(new Error(`no ingest job ${id}`));
      const queued = job.messages.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise<WorkerBatch>((resolve, reject) => {
        job.waiter = { resolve, reject };
      });
    },
    ack(id, last) {
      jobs.get(id)?.owner?.worker.postMessage({ type: 'ack' } satisfies ToWorker);
      if (last) jobs.delete(id);
    },
    recycle(buffers) {
      if (closed !== undefined) return;
      // Dealt out in turn: the workers write lines at about the same rate.
      const shares = workers.map((): ArrayBuffer[] => []);
      for (const buffer of new Set(buffers)) {
        shares[recycled % shares.length]?.push(buffer);
        recycled += 1;
      }
      shares.forEach((share, index) => {
        if (share.length > 0) workers[index]?.worker.postMessage({ type: 'buffers', buffers: share } satisfies ToWorker, share);
      });
    },
    close() {
      closed ??= Promise.all(workers.map((entry) => entry.worker.terminate())).then(() => undefined);
      return closed;
    },
  };
}
