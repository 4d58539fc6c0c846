// Running the CLI where file permissions bind: root reads any file, so there it runs as nobody.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as path from 'node:path';
import { productInfo } from '../../core/productInfo';

/** `node dist/cli.js ARGS`, as a user whom a file's or a folder's permissions can stop. */
export function cliWithoutPrivileges(
  args: string[],
  options: { cwd?: string } = {},
): SpawnSyncReturns<string> {
  const cli = path.join(productInfo().root, 'dist', 'cli.js');
  const [command, ...prefix] =
    process.getuid?.() === 0
      ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]
      : [process.execPath];
  return spawnSync(command, [...prefix, cli, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
}
