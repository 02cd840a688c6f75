/**
 * Child process of the harness benchmark: `frugal emulator` on a free loopback port with the
 * given models, answering at once (time scale 0). Prints `listening <url>` and runs until killed.
 *
 *   tsx bench/harness/serve-emulator.ts <models.yaml>
 */
import { startEmulator } from '../../src/emulator/index.js';

const emulator = await startEmulator({ port: 0, timeScale: 0, modelsFile: process.argv[2] as string });
console.log(`listening ${emulator.url}`);
process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
