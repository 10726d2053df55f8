import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { relativeInside } from './paths.js';

/**
 * Where the files a run reads and writes may be. A repository is hostile (a pull request controls
 * every file and every symbolic link of the checkout), so a path is judged by its real location:
 * the real path of its deepest existing ancestor plus the rest. The Action allows nothing outside
 * its folders; the CLI lets the user name a place outside on purpose (`--sarif /tmp/x.sarif`), but
 * a path written inside a folder must really stay inside, so that a link in the repository never
 * redirects a read or a write.
 */
export interface Fence {
  /** Real paths of the folders a path may lead into. */
  readonly real: readonly string[];
  /** The folders as written. */
  readonly lexical: readonly string[];
  /** The CLI: a path written outside every folder is the user's own choice. The Action: nothing may leave. */
  readonly userMayLeave: boolean;
  /** How the folders are named in messages ("the workspace"). */
  readonly name: string;
}

export async function fence(dirs: readonly string[], opts: { name: string; userMayLeave: boolean }): Promise<Fence> {
  const real = await Promise.all(dirs.map((d) => realOf(path.resolve(d))));
  return { real, lexical: dirs.map((d) => path.resolve(d)), userMayLeave: opts.userMayLeave, name: opts.name };
}

/** The real path of `abs`, which need not exist: its deepest existing ancestor resolved, the rest appended. */
export async function realOf(abs: string): Promise<string> {
  const rest: string[] = [];
  let p = path.resolve(abs);
  for (;;) {
    try {
      return path.join(await fs.realpath(p), ...rest.reverse());
    } catch {
      const parent = path.dirname(p);
      if (parent === p) return path.join(p, ...rest.reverse());
      rest.push(path.basename(p));
      p = parent;
    }
  }
}

/** `realOf`, synchronously (for the workspace's sync reads). */
export function realOfSync(abs: string): string {
  const rest: string[] = [];
  let p = path.resolve(abs);
  for (;;) {
    try {
      return path.join(realpathSync(p), ...rest.reverse());
    } catch {
      const parent = path.dirname(p);
      if (parent === p) return path.join(p, ...rest.reverse());
      rest.push(path.basename(p));
      p = parent;
    }
  }
}

/** True when `real` is one of `dirs` or inside one. */
export function isInside(dirs: readonly string[], real: string): boolean {
  return dirs.some((d) => relativeInside(d, real) !== null);
}

/**
 * Refuse a path (an input, an option, a default path) that leads outside the fence, itself or
 * through a symbolic link on its way; `what` names it for the message (`input 'sarif-file'`).
 * Returns the real path.
 */
export async function confine(f: Fence, abs: string, what: string, shown: string): Promise<string> {
  const real = await realOf(abs);
  if (isInside(f.real, real)) return real;
  const lexical = path.resolve(abs);
  const writtenInside = isInside([...f.lexical, ...f.real], lexical);
  if (f.userMayLeave && !writtenInside) return real; // named outside on purpose (CLI)
  throw new UsageError(
    writtenInside ? `${what} '${shown}' leads outside ${f.name} through a symbolic link (to ${real})` : `${what} '${shown}' is outside ${f.name}`,
    writtenInside ? 'a symbolic link in the repository may not redirect what the run reads or writes; name the file itself' : `name a path inside ${f.name}`,
  );
}

/** `confine`, and the path must be an existing directory (a root to check). */
export async function confineDir(f: Fence, abs: string, what: string, shown: string): Promise<string> {
  const real = await confine(f, abs, what, shown);
  const st = await fs.stat(real).catch(() => null);
  if (!st) throw new UsageError(`${what} '${shown}' does not exist`, 'name an existing folder of the repository');
  if (!st.isDirectory()) throw new UsageError(`${what} '${shown}' is not a folder`, 'name an existing folder of the repository');
  return real;
}
