import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { confine, type Fence } from '../util/confine.js';

export interface OutputFile {
  path: string;
  content: string;
  /** Appended after the others are in place (the runner's job summary file: its own, never fenced). */
  append?: boolean;
  /** How the user named it, for messages: `input 'sarif-file'`, `--sarif`. */
  what?: string;
  /** The path as the user wrote it (messages). */
  shown?: string;
}

/**
 * Write files all-or-nothing: each goes to a fresh temporary sibling (created exclusively, so a
 * planted file or symbolic link there is never followed) and is renamed into place only when every
 * one was written, so a failure never leaves a half-written report behind. The rename replaces a
 * symbolic link at the target instead of writing through it. With a fence, a target (or a linked
 * folder on its way) that leads outside it is refused before anything is written. Every failure a
 * user can cause (a folder where the file should be, a file where a folder should be, no
 * permission) is a UsageError naming the output.
 */
export async function writeAll(files: OutputFile[], opts: { fence?: Fence } = {}): Promise<void> {
  const name = (f: OutputFile) => (f.what ? `${f.what} '${f.shown ?? f.path}'` : (f.shown ?? f.path));
  const fail = (f: OutputFile, e: unknown, doing: string): never => {
    throw new UsageError(`${name(f)} cannot be written: ${reason(e, doing)}`, 'choose a path in a folder the run may write to');
  };
  const own = files.filter((f) => !f.append);
  for (const f of own) {
    if (opts.fence) await confine(opts.fence, f.path, f.what ?? 'output', f.shown ?? f.path);
    const st = await fs.lstat(f.path).catch(() => null);
    if (st?.isDirectory()) throw new UsageError(`${name(f)} is a folder, not a file`, 'name a file, e.g. a path ending in .sarif or .json');
  }
  const staged: { tmp: string; dest: string }[] = [];
  try {
    for (const f of own) {
      await fs.mkdir(path.dirname(f.path), { recursive: true }).catch((e: unknown) => fail(f, e, 'its folder cannot be made'));
      if (opts.fence) await confine(opts.fence, f.path, f.what ?? 'output', f.shown ?? f.path); // the folder just made is still inside
      const tmp = path.join(path.dirname(f.path), `.${path.basename(f.path)}.${randomBytes(6).toString('hex')}.tmp`);
      let handle: fs.FileHandle | undefined;
      try {
        handle = await fs.open(tmp, 'wx', 0o644); // O_CREAT | O_EXCL: never through an existing link
        staged.push({ tmp, dest: f.path });
        await handle.writeFile(f.content);
      } catch (e) {
        fail(f, e, 'the file cannot be made');
      } finally {
        await handle?.close();
      }
    }
  } catch (e) {
    await Promise.all(staged.map((s) => fs.rm(s.tmp, { force: true })));
    throw e;
  }
  for (const [i, s] of staged.entries()) {
    await fs.rename(s.tmp, s.dest).catch(async (e: unknown) => {
      await Promise.all(staged.slice(i).map((x) => fs.rm(x.tmp, { force: true })));
      fail(own[i]!, e, 'it cannot be put in place');
    });
  }
  for (const f of files) {
    if (!f.append) continue;
    await fs.mkdir(path.dirname(f.path), { recursive: true });
    await fs.appendFile(f.path, f.content);
  }
}

function reason(e: unknown, doing: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') return `${doing} (a file is in the way of its folder)`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `${doing} (no permission)`;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  return `${doing} (${(e as Error).message})`;
}
