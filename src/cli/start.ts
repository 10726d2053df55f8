/** The CLI proper, started by src/cli.ts once the Node.js version is known to be good: hand argv to the CLI and set the exit code. */
import module from 'node:module';
import { main } from './main.js';
import { exitWhenFlushed } from '../util/exit.js';
import { dropPrefetched } from '../workspace/prefetch.js';

// Cache compiled code between runs (the 8 MB dependency-cruiser bundle loads about 100 ms faster).
module.enableCompileCache?.();

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, isTTY: Boolean(process.stdout.isTTY) })
  .finally(dropPrefetched) // git started by the door for a listing that never came (a usage error)
  .then(
    (code) => exitWhenFlushed(code),
    (e: unknown) => {
      process.stderr.write(`internal error: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
