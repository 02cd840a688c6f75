import { InvalidArgumentError } from '../core/index.js';
import type { BatchQuotas } from './batch-plan-schema.js';

/** Positions (into the record list) of each file of each job. */
export interface JobSplit {
  files: { records: number[]; bytes: number }[];
  records: number;
  bytes: number;
}

/**
 * Splits records (by their serialized size in bytes, in order) into jobs and files within the
 * model's batch quotas: at most `maxRecordsPerJob` records and `maxJobSizeBytes` per job, at most
 * `maxRecordsPerFile` records and `maxFileSizeBytes` per file, and at least `minRecordsPerJob` per
 * job. Jobs are filled evenly (1,000 records under a 600 maximum become 500 + 500, not 600 + 400),
 * so the last job does not fall under the minimum. Throws what cannot fit, saying what to change.
 */
export function splitBatchJobs(sizes: readonly number[], quotas: BatchQuotas, label: string): JobSplit[] {
  const count = sizes.length;
  const min = quotas.minRecordsPerJob ?? 1;
  const maxRecords = quotas.maxRecordsPerJob ?? Infinity;
  const maxJobBytes = quotas.maxJobSizeBytes ?? Infinity;
  const maxFileRecords = quotas.maxRecordsPerFile ?? Infinity;
  const maxFileBytes = Math.min(quotas.maxFileSizeBytes ?? Infinity, maxJobBytes);
  if (count === 0) throw new InvalidArgumentError('input', 'There are no records to plan.');
  if (count < min) {
    throw new InvalidArgumentError(
      'input',
      `${count} record${count === 1 ? '' : 's'} is fewer than the minimum of ${min} records per batch inference job for ${label}. Add records, run them on demand, or (against frugal emulator, or an account with a lower quota) pass --min-records-per-job.`,
    );
  }
  const largest = sizes.reduce((max, size, index) => (size > (sizes[max] ?? 0) ? index : max), 0);
  if ((sizes[largest] ?? 0) > maxFileBytes) {
    throw new InvalidArgumentError('input', `Record ${largest + 1} is ${sizes[largest]} bytes, more than the ${maxFileBytes}-byte limit per file for ${label}. Shorten it or run it on demand.`);
  }

  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  const jobCount = Math.max(1, Math.ceil(count / maxRecords), Math.ceil(totalBytes / maxJobBytes));
  // The first (count mod jobCount) jobs take one record more: sizes differ by at most one.
  const base = Math.floor(count / jobCount);
  const extra = count % jobCount;
  const targetOf = (job: number): number => base + (job < extra ? 1 : 0);
  const jobs: JobSplit[] = [];
  let job: JobSplit | undefined;
  for (let index = 0; index < count; index += 1) {
    const size = sizes[index] ?? 0;
    if (job === undefined || job.records >= targetOf(jobs.length - 1) || job.bytes + size > maxJobBytes) {
      job = { files: [], records: 0, bytes: 0 };
      jobs.push(job);
    }
    let file = job.files.at(-1);
    if (file === undefined || file.records.length >= maxFileRecords || file.bytes + size > maxFileBytes) {
      file = { records: [], bytes: 0 };
      job.files.push(file);
    }
    file.records.push(index);
    file.bytes += size;
    job.records += 1;
    job.bytes += size;
  }
  const small = jobs.find((candidate) => candidate.records < min);
  if (small !== undefined) {
    throw new InvalidArgumentError(
      'input',
      `The records do not split into jobs of at least ${min} records within ${label}'s size limits (one job would hold ${small.records}). Send fewer, smaller or more records, or adjust --max-job-bytes / --min-records-per-job.`,
    );
  }
  return jobs;
}
