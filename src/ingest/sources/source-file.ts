import type { SourceFormat } from './classify-source-name.js';

export type SourceLocation = { kind: 'local'; path: string } | { kind: 's3'; bucket: string; key: string };

export interface SourceFile {
  /** How the file is named in reports and on rows: a path or an s3:// URL. */
  name: string;
  location: SourceLocation;
  format: SourceFormat;
  size: number;
  /** Which copy of the file this is (size and modification time, or S3's ETag): a file ingested at this version is skipped. */
  version?: string;
}

/** Where a file is, the same from any working directory: its absolute path or its s3:// URL. */
export const fileIdentity = (file: SourceFile): string => (file.location.kind === 'local' ? file.location.path : file.name);

export function parseS3Url(url: string): { bucket: string; prefix: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  return match === null ? undefined : { bucket: match[1] as string, prefix: match[2] ?? '' };
}
