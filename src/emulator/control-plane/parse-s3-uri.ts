/** `s3://bucket/some/prefix` → bucket and key (the key may be empty, a prefix, or an object). */
export interface S3Location {
  bucket: string;
  key: string;
}

// The pattern Bedrock's API declares for S3 URIs.
const s3UriPattern = /^s3:\/\/([a-z0-9][.\-a-z0-9]{1,61}[a-z0-9])(?:\/(.*))?$/;

export function parseS3Uri(uri: string): S3Location | undefined {
  const match = s3UriPattern.exec(uri);
  if (match === null) return undefined;
  return { bucket: match[1] ?? '', key: match[2] ?? '' };
}

export const isS3Uri = (uri: string): boolean => parseS3Uri(uri) !== undefined;

/** A folder URI as a key prefix that ends in "/" (or "" for the bucket's root). */
export function folderPrefix(key: string): string {
  return key === '' || key.endsWith('/') ? key : `${key}/`;
}
