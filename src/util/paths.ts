import path from 'node:path';
import picomatch from 'picomatch';

/** Repo-relative path with forward slashes, no leading `./`. */
export function toPosix(p: string): string {
  const s = p.split(path.sep).join('/');
  return s.startsWith('./') ? s.slice(2) : s;
}

/** Relative path from root to an absolute path, or null when it lies outside root. */
export function relativeInside(root: string, abs: string): string | null {
  const rel = path.relative(root, abs);
  if (rel === '') return '';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return toPosix(rel);
}

/**
 * Why a glob or path from a config file cannot be used, or null when it is fine. A config may only
 * name things inside the repository root: no absolute paths, no `..` segments.
 */
export function unsafeRepoPath(p: string): string | null {
  if (p.includes('\0')) return 'contains a NUL character';
  if (path.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('/') || p.startsWith('\\')) {
    return 'is absolute; paths in the config are relative to the repository root';
  }
  const body = p.startsWith('!') ? p.slice(1) : p;
  if (body.split(/[\\/]/).includes('..')) return "leaves the repository root ('..')";
  return null;
}

const GLOB_OPTS = { dot: true, nonegate: false } as const;

export type Matcher = (file: string) => boolean;

const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

/**
 * Compile include globs (any matches) minus exclude globs. An include list that is empty or absent
 * matches every file. A plain directory name (`backend`, `backend/`) matches everything under it,
 * as users of gitignore and import-linter expect.
 */
export function compileMatcher(include: readonly string[] | undefined, exclude: readonly string[] = []): Matcher {
  const inc = (include ?? []).filter((g) => !g.startsWith('!'));
  const negated = (include ?? []).filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  const all = [...exclude, ...negated];
  const isInc = inc.length === 0 ? () => true : anyOf(inc.flatMap(expandDirGlob));
  const isExc = all.length === 0 ? () => false : anyOf(all.flatMap(expandDirGlob));
  return (file: string) => isInc(file) && !isExc(file);
}

/**
 * Whether a path matches any of the globs: what picomatch's matcher decides (the glob itself, or its
 * regular expression), without the result object it builds per call (matchers run once per file of
 * the tree, for every guardrail).
 */
function anyOf(globs: readonly string[]): Matcher {
  // `**` (a secrets guardrail's whole tree) is every path without a `.` or `..` segment: one plain
  // search instead of picomatch's segment-by-segment expression on each of 10⁵ files.
  if (globs.includes('**')) return (file: string) => file !== '' && !DOT_SEGMENT.test(file);
  const tests = globs.map((g) => ({ g, re: picomatch.makeRe(g, GLOB_OPTS) }));
  return (file: string) => {
    if (file === '') return false;
    for (const t of tests) if (file === t.g || t.re.test(file)) return true;
    return false;
  };
}

function expandDirGlob(g: string): string[] {
  let s = g.startsWith('./') ? g.slice(2) : g;
  if (s.endsWith('/')) s = s.slice(0, -1) + '/**';
  if (picomatch.scan(s).isGlob) return [s];
  return [s, `${s}/**`];
}

/** True when a string contains glob syntax. */
export function isGlob(s: string): boolean {
  return picomatch.scan(s).isGlob;
}
