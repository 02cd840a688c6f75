import type { S3Settings } from '../ingest/index.js';
import type { CliIo } from './cli-io.js';

/** Static credentials from the command's environment, if it has them; else the SDK's provider chain. */
export function credentialsFrom(io: CliIo): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = io.env;
  return accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey, ...(sessionToken !== undefined && { sessionToken }) } : undefined;
}

/** Credentials and endpoint from the command's environment, so tests and the emulator need no profile. */
export function s3SettingsFrom(io: CliIo, endpoint: string | undefined): S3Settings {
  const { env } = io;
  const url = endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const credentials = credentialsFrom(io);
  return {
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(url !== undefined && { endpoint: url }),
    ...(credentials !== undefined && { credentials }),
  };
}
