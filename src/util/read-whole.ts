import { constants, promises as fs } from 'node:fs';

/** Why a file was not read. */
export type NotRead = 'missing' | 'not a regular file' | 'too large' | 'unreadable';

/**
 * The whole of a regular file, read in the thread pool in as few reads as the kernel allows (one,
 * for a file in the page cache), so that the copy of a large file runs beside the main thread's
 * work: the fact store (17 MB on a tree of 10⁵ files) and git's index (9 MB) are read while the
 * other is parsed. Never follows a link (the file named must itself be regular), never waits on a
 * FIFO, never reads past `maxBytes`; a file that shrinks while read is unreadable.
 */
export async function readWhole(file: string, maxBytes: number): Promise<Buffer | NotRead> {
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
