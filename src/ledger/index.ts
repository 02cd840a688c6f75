export * from './ledger.js';
export * from './open-ledger.js';
export * from './migrations.js';
export { createRowJsonWriter, encodeRowJsonLines, type RowJsonWriter } from './create-row-json-writer.js';
export type { RequestProfileQuery, RequestProfileRow } from './create-request-profile-query.js';
export { redactPostgresUrl } from './redact-postgres-url.js';
