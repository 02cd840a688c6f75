import { execFileSync } from 'node:child_process';

/**
 * Runs an ES module script (TypeScript imports allowed, through tsx) in a Node process of its own,
 * with `nodeFlags` such as `--expose-gc`, and returns the JSON its last line of output prints.
 * For what only a fresh process can tell: its heap after a full collection, the modules it loaded.
 */
export function runModuleScript(script: string, nodeFlags: readonly string[] = []): unknown {
  const output = execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop() as string) as unknown;
}
