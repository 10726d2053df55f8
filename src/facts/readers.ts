import type { PyImport } from '../graph/python-scan.js';
import type { FactReader } from './cache.js';
import { sha256 } from '../util/hash.js';

/**
 * The per-file readers whose facts are cached (src/facts/cache.ts), each with the shape check a
 * restored value must pass. Bump a reader's version whenever the same file could read differently.
 */

const KINDS = new Set(['static', 'deferred', 'type-only', 'main']);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length <= 4096;
const isPos = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function isPyImport(v: unknown): v is PyImport {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (
    (o.form === 'import' || o.form === 'from') &&
    isPos(o.level) &&
    isStr(o.module) &&
    Array.isArray(o.names) &&
    o.names.every(isStr) &&
    isPos(o.line) &&
    isPos(o.column) &&
    KINDS.has(o.kind as string) &&
    Object.keys(o).length === 7
  );
}

/** The import statements of one Python file (src/graph/python-scan.ts). */
export const PY_IMPORTS: FactReader<PyImport[]> = {
  id: 'python-imports',
  version: '1',
  valid: (v): v is PyImport[] => Array.isArray(v) && v.length <= 100_000 && v.every(isPyImport),
};

/** The size of a file the secrets scan found no candidate in, for these rules (version: a hash of the scan spec). */
export interface CleanScan {
  clean: true;
  bytes: number;
}

export function secretsReader(specHash: string): FactReader<CleanScan> {
  return {
    id: 'secrets-clean',
    version: `1.${specHash}`,
    valid: (v): v is CleanScan => typeof v === 'object' && v !== null && (v as CleanScan).clean === true && isPos((v as CleanScan).bytes) && Object.keys(v).length === 2,
  };
}

/**
 * Whether a file could declare routes (a route reader's cheap text test, `re`): only candidates are
 * read and analysed; the version follows the test, so a new pattern re-reads every file.
 */
export function candidateReader(id: string, re: RegExp): FactReader<boolean> {
  return { id, version: `1.${sha256(`${re.source}/${re.flags}`).slice(0, 12)}`, valid: (v): v is boolean => typeof v === 'boolean' };
}

/** A candidate test over a file's text; null (not stored) when the file could not be read. */
export function isCandidate(text: string | null, re: RegExp): boolean | null {
  return text === null ? null : re.test(text);
}
