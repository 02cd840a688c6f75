import { processSignals } from '../../src/cli/commands/gateway-command.js';
import { startGateway } from '../../src/gateway/start-gateway.js';

/**
 * The gateway for the 20,000-request load and fault run, in its own process so the run can send
 * it a real SIGTERM: same settings as the CI test (fast retries; the AIMD limit grows back per
 * few successes rather than per 2 s, since the emulator throttles 20% of calls however slowly
 * they come). Prints its URL, then on SIGTERM drains and prints what it flushed.
 */
const dir = process.env['GATEWAY_DIR'] as string;
const gateway = await startGateway({
  source: { kind: 'file', cwd: dir },
  port: 0,
  retry: { baseDelayMs: 5, maxDelayMs: 50 },
  limiter: { increaseAfterSuccesses: 4, increaseIntervalMs: 0 },
  logger: { info: (text) => process.stdout.write(`${text}\n`), warn: (text) => process.stderr.write(`${text}\n`), error: (text) => process.stderr.write(`${text}\n`) },
});
process.stdout.write(`listening ${gateway.url}\n`);
const signals = processSignals();
signals.onStop((signal) => {
  const started = performance.now();
  process.stdout.write(`${signal}: draining ${gateway.services.lifecycle.inFlight} requests in flight\n`);
  void gateway.shutdown().then((report) => {
    process.stdout.write(`stopped in ${Math.round(performance.now() - started)} ms: cut off ${report.cutOff}, rows written ${report.usage.written}, spilled ${report.usage.spilled - report.usage.replayed}, queued ${report.usage.queued}\n`);
    signals.dispose();
    process.exit(0);
  });
});
