import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeLedgerContract } from '../../../test/helpers/describe-ledger-contract.js';
import { makeUsageRow } from '../../../test/helpers/make-usage-row.js';
import { type PostgresServer, findPostgresBinDir, startPostgres } from '../../../test/helpers/start-postgres.js';
import { openLedger } from '../open-ledger.js';
import { redactPostgresUrl } from '../redact-postgres-url.js';

const binDir = findPostgresBinDir();
if (binDir === undefined) {
  // Only a missing server binary skips these; `.ci/run` installs Debian's postgresql package.
  console.warn('PostgreSQL ledger tests skipped: no postgres/initdb binary on PATH or in /usr/lib/postgresql/*/bin. Install the `postgresql` package to run them.');
}

describe.skipIf(binDir === undefined)('PostgreSQL ledger (real server)', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres(binDir as string);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  describeLedgerContract('PostgreSQL', async () => openLedger(await server.createDatabase('contract')));

  it('lets two ledgers on one database migrate at once and ingest the same rows without duplicates', async () => {
    const url = await server.createDatabase('shared');
    const [first, second] = await Promise.all([openLedger(url), openLedger(url)]);
    const rows = Array.from({ length: 1500 }, (_, index) => makeUsageRow({ requestId: `r${index}` }));
    const results = await Promise.all([first.insertRows(rows), second.insertRows(rows)]);
    expect(results[0].inserted + results[1].inserted).toBe(1500);
    expect((await first.query.summary()).rows).toBe(1500);
    await Promise.all([first.close(), second.close()]);
  });

  it('says how to fix an unreachable server, without printing the password', async () => {
    await expect(openLedger('postgres://me:secret@127.0.0.1:1/none')).rejects.toThrow(/Cannot connect to the PostgreSQL ledger postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(redactPostgresUrl('postgres://me:secret@db/x')).toBe('postgres://me:***@db/x');
  });
});
