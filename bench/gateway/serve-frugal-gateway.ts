import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiKey } from '../../src/gateway/auth/hash-api-key.js';
import { startGateway } from '../../src/gateway/start-gateway.js';

/**
 * `frugal gateway` for the benchmark, in its own process: one OpenAI-compatible upstream (the
 * zero-latency server), one virtual key, the usage ledger on (DuckDB in a temporary directory,
 * buffered writes), no budget or rate limit — the same job Portkey does in the comparison, plus
 * authentication, pricing and a ledger row per call.
 */
const upstream = process.env['UPSTREAM_URL'] as string;
const key = process.env['BENCH_KEY'] as string;
const dir = mkdtempSync(join(tmpdir(), 'frugal-gateway-bench-'));
const gateway = await startGateway({
  source: {
    kind: 'object',
    cwd: dir,
    config: {
      upstreams: [{ type: 'openai-compatible', name: 'zero', baseURL: `${upstream}/v1`, region: 'us-east-1', concurrency: 1024 }],
      keys: [{ id: 'bench', hash: await hashApiKey(key) }],
    },
  },
  port: 0,
});
process.stdout.write(`listening ${gateway.port}\n`);
process.on('SIGTERM', () => {
  void gateway.shutdown({ graceMs: 2000 }).then((report) => {
    process.stdout.write(`rows ${report.usage.written}\n`);
    process.exit(0);
  });
});
