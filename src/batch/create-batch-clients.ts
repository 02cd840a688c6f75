import { BedrockClient } from '@aws-sdk/client-bedrock';
import { S3Client } from '@aws-sdk/client-s3';

export interface BatchConnection {
  region: string;
  /** Bedrock control-plane endpoint (e.g. `frugal emulator`'s URL); the AWS default otherwise. */
  endpoint?: string;
  /** S3 endpoint; with `endpoint` and no `s3Endpoint`, `<endpoint>/s3` (where frugal emulator serves S3). */
  s3Endpoint?: string;
  /** Explicit credentials; otherwise the AWS SDK's default chain (environment, profile, role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface BatchClients {
  bedrock: BedrockClient;
  s3: S3Client;
  close(): void;
}

/** S3 endpoint to use: the one given, else the emulator's `/s3` beside a custom Bedrock endpoint, else AWS's. */
export function resolveS3Endpoint(connection: BatchConnection): string | undefined {
  return connection.s3Endpoint ?? (connection.endpoint === undefined ? undefined : `${connection.endpoint.replace(/\/+$/, '')}/s3`);
}

/**
 * The Bedrock control-plane and S3 clients a batch plan needs. A custom S3 endpoint uses path-style
 * addressing (virtual-hosted bucket names do not resolve on a local endpoint).
 */
export function createBatchClients(connection: BatchConnection): BatchClients {
  const common = { region: connection.region, ...(connection.credentials !== undefined && { credentials: connection.credentials }) };
  const s3Endpoint = resolveS3Endpoint(connection);
  const bedrock = new BedrockClient({ ...common, ...(connection.endpoint !== undefined && { endpoint: connection.endpoint }) });
  const s3 = new S3Client({ ...common, ...(s3Endpoint !== undefined && { endpoint: s3Endpoint, forcePathStyle: true }) });
  return {
    bedrock,
    s3,
    close() {
      bedrock.destroy();
      s3.destroy();
    },
  };
}
