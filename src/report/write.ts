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
  const fail = (f: OutputFile, e: unknown, doing: string): never => {
    throw new UsageError(`${nameOf(f)} cannot be written: ${reason(e, doing)}`, 'choose a path in a folder the run may write to');
  };
  const own = files.filter((f) => !f.append);
  await checkOutputs(own, opts);
  const staged: { tmp: string; dest: string }[] = [];
  const made: string[] = []; // folders this call created, removed again when it fails
  try {
    for (const f of own) {
      const top = await fs.mkdir(path.dirname(f.path), { recursive: true }).catch((e: unknown) => fail(f, e, 'its folder cannot be made'));
      if (top) made.push(top);
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
    for (const dir of made.reverse()) await removeEmpty(dir);
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

/**
 * Refuse outputs that cannot be written before anything is: one leading outside the fence, a folder
 * where the file should be. The doors call it before the run too, so a wrong path fails fast.
 */
export async function checkOutputs(files: Omit<OutputFile, 'content'>[], opts: { fence?: Fence } = {}): Promise<void> {
  for (const f of files) {
    if (f.append) continue;
    if (opts.fence) await confine(opts.fence, f.path, f.what ?? 'output', f.shown ?? f.path);
    const st = await fs.lstat(f.path).catch(() => null);
    if (st?.isDirectory()) throw new UsageError(`${nameOf(f)} is a folder, not a file`, 'name a file, e.g. a path ending in .sarif or .json');
  }
}

/** Remove a folder tree this call made, as far as it holds nothing but empty folders (never a file, never through a link). */
async function removeEmpty(dir: string): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => null);
  if (!entries) return;
  for (const e of entries) if (e.isDirectory() && !e.isSymbolicLink()) await removeEmpty(path.join(dir, e.name));
  await fs.rmdir(dir).catch(() => {});
}

/** `input 'sarif-file' 'out.sarif'`, `--json 'r.json'`, or the path. */
function nameOf(f: Omit<OutputFile, 'content'>): string {
  return f.what ? `${f.what} '${f.shown ?? f.path}'` : (f.shown ?? f.path);
}

function reason(e: unknown, doing: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') return `${doing} (a file is in the way of its folder)`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `${doing} (no permission)`;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  return `${doing} (${(e as Error).message})`;
}
