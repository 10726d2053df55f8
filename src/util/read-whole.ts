import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

/** Why a file was not read. */
export type NotRead = 'missing' | 'not a regular file' | 'too large' | 'unreadable';

/**
 * The whole of a regular file, read in the thread pool in as few reads as the kernel allows (one,
 * for a file in the page cache), so that the copy of a large file runs beside the main thread's
 * work: the fact store (17 MB on a tree of 10⁵ files) and git's index (9 MB) are read while the
 * other is parsed. Never follows a link (the file named must itself be regular), never waits on a
 * FIFO, never reads past `maxBytes`; a file that shrinks while read is unreadable. A read of the
 * same file started early (readAhead) is taken instead of a new one.
 */
export function readWhole(file: string, maxBytes: number): Promise<Buffer | NotRead> {
  const reg = aheadRegistry();
  const key = aheadKey(file, maxBytes);
  const early = reg.get(key);
  if (early) {
    reg.delete(key);
    return early;
  }
  return read(file, maxBytes);
}

/**
 * Start reading `file` now, for the run's later `readWhole` of the same file and bound, which takes
 * it (once). The CLI's door (src/cli/prefetch.ts) reads git's index and the fact store this way
 * while the CLI's bundle loads: two copies of 10 MB that would otherwise wait for the main thread
 * between their steps. The door and the CLI are separate bundles: what was started is shared
 * through a registry on `globalThis`.
 */
export function readAhead(file: string, maxBytes: number): void {
  const reg = aheadRegistry();
  const key = aheadKey(file, maxBytes);
  if (!reg.has(key)) reg.set(key, read(file, maxBytes));
}

/** Forget the reads started early that nothing took. */
export function dropReadAhead(): void {
  aheadRegistry().clear();
}

const AHEAD = Symbol.for('living-architecture.read-ahead');

function aheadRegistry(): Map<string, Promise<Buffer | NotRead>> {
  const g = globalThis as { [AHEAD]?: Map<string, Promise<Buffer | NotRead>> };
  return (g[AHEAD] ??= new Map());
}

function aheadKey(file: string, maxBytes: number): string {
  return `${maxBytes}:${path.resolve(file)}`;
}

async function read(file: string, maxBytes: number): Promise<Buffer | NotRead> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : code === 'ELOOP' ? 'not a regular file' : 'unreadable';
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return 'not a regular file';
    if (st.size > maxBytes) return 'too large';
    const buf = Buffer.allocUnsafe(st.size);
    for (let got = 0; got < buf.length; ) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) return 'unreadable'; // cut short while read
      got += bytesRead;
    }
    return buf;
  } catch {
    return 'unreadable';
  } finally {
    await fh.close().catch(() => undefined);
  }
}
