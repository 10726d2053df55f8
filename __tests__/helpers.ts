import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { atFileEnd } from './cleanup.js';

/** A new temporary folder (its name starting with `prefix`), removed when the test file ends. */
export function tmpDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  atFileEnd(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A temporary directory with the given files (path → content); optionally a git repository. */
export function tmpRepo(files: Record<string, string | Buffer>, opts: { git?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'la-test-'));
  atFileEnd(() => rmSync(dir, { recursive: true, force: true }));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  if (opts.git) {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'add', '-A');
    git('-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-qm', 'init', '--allow-empty');
  }
  return dir;
}

export function write(dir: string, rel: string, content: string): void {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

/** Capture stdout/stderr of the CLI's main() as strings. */
export function sink(): { stream: NodeJS.WritableStream; text: () => string } {
  let buf = '';
  const stream = { write: (s: string | Uint8Array) => ((buf += typeof s === 'string' ? s : Buffer.from(s).toString()), true) } as unknown as NodeJS.WritableStream;
  return { stream, text: () => buf };
}
