import { closeSync, constants, fstatSync, openSync, promises as fs } from 'node:fs';
import path from 'node:path';

/** Why a file was not read. */
export type NotRead = 'missing' | 'not a regular file' | 'too large' | 'unreadable';

/**
 * The whole of a regular file, read in the thread pool in as few reads as the kernel allows (one,
 * for a file in the page cache), so that the copy of a large file runs beside the main thread's
 * work: git's index (9 MB on a tree of 10⁵ files) and the fact store's first line (8 MB) are read
 * while the other is parsed. Never follows a link (the file named must itself be regular), never waits on a
 * FIFO, never reads past `maxBytes`; a file that shrinks while read is unreadable. A read of the
 * same file started early (readAhead) is taken instead of a new one.
 */
export async function readWhole(file: string, maxBytes: number): Promise<Buffer | NotRead> {
  const r = await readFront(file, maxBytes);
  return typeof r === 'string' ? r : r.bytes;
}

/**
 * How much of a file to read, told by its first bytes: a file whose head gives the length of the
 * part a run needs (the fact store: its first line, not the cold lines after it). `tag` names it
 * (a read started early is taken only by a read of the same front).
 */
export interface Front {
  readonly tag: string;
  /** The first FRONT_PEEK bytes (fewer in a smaller file) and the file's size → the bytes to read (at most the size). */
  length(first: Buffer, size: number): number;
}

/** What readFront peeks at before it reads the front. */
export const FRONT_PEEK = 64;

/** The bytes read from the start of a file, its size, and what it was (for `openSame`). */
export interface FrontRead {
  bytes: Buffer;
  size: number;
  identity: string;
}

/**
 * The start of a regular file as `front` measures it (all of it without one), with the file's size
 * and identity, so that a later read of its rest can tell that the file is still the one read
 * (`openSame`). A read of the same file and front started early (readAhead) is taken instead.
 */
export function readFront(file: string, maxBytes: number, front?: Front): Promise<FrontRead | NotRead> {
  const reg = aheadRegistry();
  const key = aheadKey(file, maxBytes, front);
  const early = reg.get(key);
  if (early) {
    reg.delete(key);
    return early;
  }
  return read(file, maxBytes, front);
}

/**
 * Start reading `file` now, for the run's later `readWhole` of the same file and bound, which takes
 * it (once). The CLI's door (src/cli/prefetch.ts) reads git's index and the fact store this way
 * while the CLI's bundle loads: two copies of 10 MB that would otherwise wait for the main thread
 * between their steps. The door and the CLI are separate bundles: what was started is shared
 * through a registry on `globalThis`.
 */
export function readAhead(file: string, maxBytes: number, front?: Front): void {
  const reg = aheadRegistry();
  const key = aheadKey(file, maxBytes, front);
  if (!reg.has(key)) reg.set(key, read(file, maxBytes, front));
}

/** Forget the reads started early that nothing took. */
export function dropReadAhead(): void {
  aheadRegistry().clear();
}

const AHEAD = Symbol.for('living-architecture.read-ahead');

function aheadRegistry(): Map<string, Promise<FrontRead | NotRead>> {
  const g = globalThis as { [AHEAD]?: Map<string, Promise<FrontRead | NotRead>> };
  return (g[AHEAD] ??= new Map());
}

function aheadKey(file: string, maxBytes: number, front: Front | undefined): string {
  return `${front?.tag ?? ''}:${maxBytes}:${path.resolve(file)}`;
}

/** What a file is: its device, inode, size and times (a file replaced or rewritten since is another). */
function identityOf(st: { dev: number; ino: number; size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/**
 * The file `file` opened for reading (synchronously) when it is still the regular file that
 * `identity` describes; null otherwise (gone, replaced, changed, a link now). Close it after use.
 */
export function openSame(file: string, identity: string): number | null {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (st.isFile() && identityOf(st) === identity) return fd;
  } catch {
    // not the same
  }
  closeSync(fd);
  return null;
}

async function read(file: string, maxBytes: number, front: Front | undefined): Promise<FrontRead | NotRead> {
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
    let length = st.size;
    if (front) {
      const first = await fill(fh, Buffer.allocUnsafe(Math.min(FRONT_PEEK, st.size)));
      if (first === null) return 'unreadable';
      length = Math.max(0, Math.min(st.size, front.length(first, st.size)));
    }
    const buf = await fill(fh, Buffer.allocUnsafe(length));
    return buf === null ? 'unreadable' : { bytes: buf, size: st.size, identity: identityOf(st) };
  } catch {
    return 'unreadable';
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** `buf` filled from the start of the file; null when the file ends first (cut short while read). */
async function fill(fh: fs.FileHandle, buf: Buffer): Promise<Buffer | null> {
  for (let got = 0; got < buf.length; ) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
    if (bytesRead === 0) return null;
    got += bytesRead;
  }
  return buf;
}
