import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';

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
  /**
   * A process the command started in a session of its own (`setsid`), outside the process group,
   * outlived it: `ended` when it was found and ended, `may-run` when it still held the output open
   * and the run stopped waiting for it (it may still be running).
   */
  escaped?: 'ended' | 'may-run';
}

const KEEP_BYTES = 64 * 1024;

/**
 * Run a shell command line with a timeout that ends the whole process tree: the command gets its
 * own process group (POSIX) and the group is sent SIGTERM, then SIGKILL after a grace period; on
 * Windows `taskkill /T /F` ends the tree. The last 64 KiB of output are kept.
 *
 * The result never waits long for the output once the shell has ended: descendants that left the
 * group (`setsid`) are found by a variable they inherit (Linux, /proc) and ended; if the output
 * still stays open, the streams are dropped and the result says a process may still be running.
 */
export function runShell(commandLine: string, opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; graceMs?: number; drainMs?: number }): Promise<CommandRun> {
  const started = Date.now();
  const win = process.platform === 'win32';
  const [shell, args] = win ? ['cmd.exe', ['/d', '/s', '/c', commandLine]] : ['/bin/sh', ['-c', commandLine]];
  const graceMs = opts.graceMs ?? 5000;
  const drainMs = opts.drainMs ?? 2000;
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let kept = 0;
    let truncated = false;
    let timedOut = false;
    let done = false;
    let exited: { code: number | null; signal: string | null } | undefined;
    let escaped: CommandRun['escaped'];
    const timers: NodeJS.Timeout[] = [];
    const later = (ms: number, fn: () => void): void => {
      timers.push(setTimeout(fn, ms));
    };
    const keep = (b: Buffer): void => {
      chunks.push(b);
      kept += b.length;
      while (kept - chunks[0]!.length >= KEEP_BYTES) {
        kept -= chunks.shift()!.length;
        truncated = true;
      }
    };
    const cookie = `${process.pid}-${randomBytes(8).toString('hex')}`;
    const child = spawn(shell, args, {
      cwd: opts.cwd,
      env: { ...opts.env, [COOKIE]: cookie },
      detached: !win,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        if (win) spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
        else process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    const finish = (exitCode: number | null, signal: string | null, spawnError?: string): void => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      // Children that outlived the shell are ended too, in its group or escaped from it: nothing of
      // ours keeps running.
      if (!win) {
        killGroup('SIGKILL');
        if (endEscaped(cookie, child.pid) > 0) escaped ??= 'ended';
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
        ...(escaped ? { escaped } : {}),
      });
    };
    // The shell has ended (or would not end) and the output is still open: what holds it is a
    // background child — in the group (ended with it) or in a session of its own (looked for).
    let draining = false;
    const drain = (): void => {
      if (done || draining) return;
      draining = true;
      killGroup('SIGKILL');
      if (!win && endEscaped(cookie, child.pid) > 0) escaped = 'ended';
      later(500, () => {
        if (done) return;
        // still open: held by a process we cannot find or end; stop waiting for it
        escaped = 'may-run';
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(exited?.code ?? null, exited?.signal ?? null);
      });
    };
    later(opts.timeoutMs, () => {
      timedOut = true;
      killGroup('SIGTERM');
      later(graceMs, () => {
        killGroup('SIGKILL');
        later(drainMs, drain);
      });
    });
    child.on('error', (e) => finish(null, null, e.message));
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      later(drainMs, drain);
    });
    child.on('close', (code, sig) => finish(code, sig));
  });
}

/** The variable every process of one command run inherits: how its escaped descendants are found. */
const COOKIE = 'LIVING_ARCHITECTURE_RUN';

/**
 * Processes outside the command's process group that carry its cookie in their environment:
 * descendants that left the group (`setsid`), found on Linux through /proc. One that cleared its
 * environment is not found (the run then says a process may still be running).
 */
function escapedProcesses(cookie: string, group: number | undefined): number[] {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`${COOKIE}=${cookie}\0`);
  const out: number[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid);
  } catch {
    return [];
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === group) continue;
      if (readFileSync(`/proc/${pid}/environ`).includes(needle)) out.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/** End the escaped descendants; how many there were. */
function endEscaped(cookie: string, group: number | undefined): number {
  const found = escapedProcesses(cookie, group);
  for (const pid of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  return found.length;
}
