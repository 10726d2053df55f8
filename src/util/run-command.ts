import { spawn } from 'node:child_process';
import { isSecret } from '../secrets/redact.js';

export interface CommandRun {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Could not start (e.g. no shell). */
  spawnError?: string;
  /** The last part of stdout and stderr interleaved, as written. */
  output: string;
  outputTruncated: boolean;
  durationMs: number;
}

const KEEP_BYTES = 64 * 1024;

/**
 * Run a shell command line with a timeout that ends the whole process tree: the command gets its
 * own process group (POSIX) and the group is sent SIGTERM, then SIGKILL after a grace period; on
 * Windows `taskkill /T /F` ends the tree. The last 64 KiB of output are kept.
 */
export function runShell(
  commandLine: string,
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; graceMs?: number },
): Promise<CommandRun> {
  const started = Date.now();
  const win = process.platform === 'win32';
  const [shell, args] = win ? ['cmd.exe', ['/d', '/s', '/c', commandLine]] : ['/bin/sh', ['-c', commandLine]];
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let kept = 0;
    let truncated = false;
    let timedOut = false;
    let done = false;
    const keep = (b: Buffer): void => {
      chunks.push(b);
      kept += b.length;
      while (kept - chunks[0]!.length >= KEEP_BYTES) {
        kept -= chunks.shift()!.length;
        truncated = true;
      }
    };
    const child = spawn(shell, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: !win,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const killTree = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        if (win) spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
        else process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    let graceTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree('SIGTERM');
      graceTimer = setTimeout(() => killTree('SIGKILL'), opts.graceMs ?? 5000);
    }, opts.timeoutMs);
    const finish = (exitCode: number | null, signal: string | null, spawnError?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      // Children that outlived the shell in its group are ended too: nothing of ours keeps running.
      if (!win && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // group already empty
        }
      }
      let buf = Buffer.concat(chunks);
      chunks = [];
      if (buf.length > KEEP_BYTES) {
        buf = buf.subarray(buf.length - KEEP_BYTES);
        truncated = true;
      }
      resolve({
        exitCode,
        signal,
        timedOut,
        spawnError,
        output: buf.toString('utf8'),
        outputTruncated: truncated,
        durationMs: Date.now() - started,
      });
    };
    child.on('error', (e) => finish(null, null, e.message));
    // A background child still holding the output pipes would keep 'close' from firing: end the
    // group shortly after the shell itself exits.
    child.on('exit', () => {
      if (!win && child.pid !== undefined) {
        setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // group already empty
          }
        }, 2000).unref();
      }
    });
    child.on('close', (code, sig) => finish(code, sig));
  });
}

/**
 * The environment a command gets: the runner's, minus the Action's inputs and every variable whose
 * name or value looks secret (secrets/redact.ts: `PGPASS`, `SSH_KEY`, `SENTRY_DSN`, a
 * `DATABASE_URL` with a password…) unless `pass-env` lists it, plus what the guardrail sets.
 * The names withheld are added to `withheld` (names only, sorted).
 */
export function commandEnv(base: NodeJS.ProcessEnv, passSecrets: readonly string[], extra: Record<string, string>, withheld: string[] = []): NodeJS.ProcessEnv {
  const allowed = new Set(passSecrets);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined) continue;
    if (k.startsWith('INPUT_')) continue; // the Action's own inputs (one is the token)
    if (!allowed.has(k) && isSecret(k, v)) {
      withheld.push(k);
      continue;
    }
    env[k] = v;
  }
  withheld.sort();
  return { ...env, ...extra };
}
