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
  if (globs.includes('**')) return (file: string) => file !== '' && !hasDotSegment(file);
  // A path a glob matches starts with the glob's leading folders when they are plain names
  // (`services/svc0` of `services/svc0/**`): most paths of a large tree are told apart by that.
  const tests = globs.map((g) => ({ g, prefix: leadingFolders(g), re: picomatch.makeRe(g, GLOB_OPTS) }));
  return (file: string) => {
    if (file === '') return false;
    for (const t of tests) if (file === t.g || (file.startsWith(t.prefix) && t.re.test(file))) return true;
    return false;
  };
}

/** Whether a path has a `.` or `..` segment (a plain search first: most paths have no `/.` at all). */
function hasDotSegment(file: string): boolean {
  return (file.charCodeAt(0) === 0x2e || file.includes('/.')) && DOT_SEGMENT.test(file);
}

/**
 * A glob's leading folders up to its first special character, each a plain name (`a/b` of
 * `a/b/*.py`; a globstar matches no segment too: `a/b/**` matches `a/b`); '' when there is none.
 */
function leadingFolders(glob: string): string {
  const special = glob.search(/[*?[\]{}()!+@\\]/);
  const literal = special < 0 ? glob : glob.slice(0, special);
  const slash = literal.lastIndexOf('/');
  if (slash < 0) return '';
  const folders = literal.slice(0, slash);
  return folders.split('/').every((s) => s !== '' && s !== '.' && s !== '..') ? folders : '';
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

/**
 * Whether a file name ends with one of `extensions`, without making a string (this runs once per
 * file of the tree): the extensions are grouped by their last character, and a name is compared
 * only with those ending as it does.
 */
export function extensionTest(extensions: readonly string[]): (file: string) => boolean {
  const byLast: (string[] | undefined)[] = [];
  const other: string[] = []; // ending in a character beyond ASCII (or empty): compared with every name
  for (const e of extensions) {
    const c = e.charCodeAt(e.length - 1);
    if (c < 128) (byLast[c] ??= []).push(e);
    else other.push(e);
  }
  return (file) => {
    const c = file.charCodeAt(file.length - 1);
    const list = c < 128 ? byLast[c] : undefined;
    if (list !== undefined) for (const e of list) if (file.endsWith(e)) return true;
    for (const e of other) if (file.endsWith(e)) return true;
    return false;
  };
}

/** Whether path `f`, whose last slash is at `slash`, lies directly in folder `dir` ('' for the top): no string made. */
export function inFolder(f: string, slash: number, dir: string): boolean {
  return dir === '' ? slash < 0 : slash === dir.length && f.startsWith(dir);
}

/**
 * Which of `names` the last segment of `file` is, or undefined: without a string made for each file
 * (the callers look at every file of a tree, and few are named so).
 */
export function baseNameOf<T extends string>(file: string, names: readonly T[]): T | undefined {
  for (const n of names) if (file.endsWith(n) && (file.length === n.length || file.charCodeAt(file.length - n.length - 1) === 0x2f)) return n;
  return undefined;
}
