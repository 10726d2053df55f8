import type { PyImport, PyImportKind } from '../graph/python-scan.js';
import { plainReader, type FactReader } from './cache.js';
import { sha256 } from '../util/hash.js';

/**
 * The per-file readers whose facts are cached (src/facts/cache.ts), each with the shape check a
 * restored value must pass. Bump a reader's version whenever the same file could read differently.
 */

const KINDS: readonly PyImportKind[] = ['static', 'deferred', 'type-only', 'main'];
/** Shape checks shared by the readers' `decode`s (a stored string is never longer than a fact needs). */
export const isStr = (v: unknown): v is string => typeof v === 'string' && v.length <= 4096;
export const isPos = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** One import statement as stored: `[from?1:0, level, module, names, line, column, kind index]`. */
type StoredImport = [0 | 1, number, string, string[], number, number, number];

function isStoredImport(v: unknown): v is StoredImport {
  if (!Array.isArray(v) || v.length !== 7) return false;
  const [form, level, module, names, line, column, kind] = v as unknown[];
  return (
    (form === 0 || form === 1) &&
    isPos(level) &&
    isStr(module) &&
    Array.isArray(names) &&
    names.every(isStr) &&
    isPos(line) &&
    isPos(column) &&
    Number.isInteger(kind) &&
    KINDS[kind as number] !== undefined
  );
}

/** Whether a value has the shape PY_IMPORTS stores, checked without building the statements. */
function isStoredImports(v: unknown): v is StoredImport[] {
  return Array.isArray(v) && v.length <= 100_000 && v.every(isStoredImport);
}

/**
 * The import statements of one Python file (src/graph/python-scan.ts), stored as tuples (a third of
 * the objects' size). Cold: a warm run restores each file's resolved imports (src/graph/python-cache.ts)
 * and needs the statements only for the files whose resolution it cannot restore.
 */
export const PY_IMPORTS: FactReader<PyImport[]> = {
  id: 'python-imports',
  version: '2',
  cold: true,
  encode: (list) => list.map((i): StoredImport => [i.form === 'from' ? 1 : 0, i.level, i.module, i.names, i.line, i.column, KINDS.indexOf(i.kind)]),
  decode: (v) =>
    isStoredImports(v) ? v.map(([form, level, module, names, line, column, kind]) => ({ form: form === 1 ? 'from' : 'import', level, module, names, line, column, kind: KINDS[kind]! })) : undefined,
};

/**
 * The size of a file the secrets scan found no candidate in, for these rules (version: a hash of the
 * scan spec), or found binary by its content (a NUL byte near its start: never scanned).
 */
export interface CleanScan {
  clean: true;
  bytes: number;
  binary?: true;
}

/** Stored as the size alone, as −1 − size for a binary file: a stored entry always means "nothing to find". */
export function secretsReader(specHash: string): FactReader<CleanScan> {
  return {
    id: 'secrets-clean',
    version: `3.${specHash}`,
    encode: (v) => (v.binary ? -1 - v.bytes : v.bytes),
    decode: (v) => (isPos(v) ? { clean: true, bytes: v } : Number.isSafeInteger(v) && (v as number) < 0 ? { clean: true, bytes: -1 - (v as number), binary: true } : undefined),
  };
}

/**
 * Whether a file could declare routes (a route reader's cheap text test, `re`): only candidates are
 * read and analysed; the version follows the test, so a new pattern re-reads every file.
 */
export function candidateReader(id: string, re: RegExp): FactReader<boolean> {
  return plainReader(id, `1.${sha256(`${re.source}/${re.flags}`).slice(0, 12)}`, (v): v is boolean => typeof v === 'boolean');
}

/** A candidate test over a file's text; null (not stored) when the file could not be read. */
export function isCandidate(text: string | null, re: RegExp): boolean | null {
  return text === null ? null : re.test(text);
}
