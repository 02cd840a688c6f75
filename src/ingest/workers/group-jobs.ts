/** A job's files: `files.slice(start, end)`. */
export interface JobRange {
  start: number;
  end: number;
}

/** About this much gzipped log per job: a few messages each, yet enough jobs to keep every worker busy. */
const jobBytes = 1024 * 1024;
const jobFiles = 64;

/** Cuts the runs of consecutive files `take` accepts into jobs of about 1 MB or 64 files. */
export function groupJobs<T extends { size: number }>(files: readonly T[], take: (file: T) => boolean): JobRange[] {
  const jobs: JobRange[] = [];
  let open: (JobRange & { bytes: number }) | undefined;
  for (const [index, file] of files.entries()) {
    if (!take(file)) {
      open = undefined;
      continue;
    }
    if (open === undefined || open.bytes >= jobBytes || open.end - open.start >= jobFiles) {
      open = { start: index, end: index, bytes: 0 };
      jobs.push(open);
    }
    open.end = index + 1;
    open.bytes += file.size;
  }
  return jobs.map(({ start, end }) => ({ start, end }));
}
