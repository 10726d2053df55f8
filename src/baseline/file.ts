/**
 * The baseline file (infra/selfcheck/guardrails-baseline.json): read with one clear ConfigError
 * per mistake (file, line, column), written sorted with one key per line so its diffs are readable.
 */
import type { ErrorObject } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import schema from '../../schemas/baseline.schema.json' with { type: 'json' };
import { readUserFile } from '../util/read-user-file.js';
import { ConfigError } from '../errors.js';
import type { BaselineEntry } from '../types.js';
import { MAX_JSON_DEPTH, tooDeepAt } from '../util/json-depth.js';
import { BASELINE_VALIDATOR } from '../util/validators.generated.js';
import { LineIndex, closest, cmp } from '../util/text.js';
import { isDay } from './dates.js';

export const BASELINE_SCHEMA_ID = schema.$id;
export const DEFAULT_STALE_DAYS = 90;

export interface Baseline {
  $schema?: string;
  version: 1;
  /** Fixed entries older than this are stale (default 90). */
  staleAfterDays?: number;
  findings: BaselineEntry[];
  fixed: BaselineEntry[];
}

const HINT = "fix the file, or delete it and run 'living-architecture baseline update' to write a fresh one";
const ENTRY_KEYS: readonly (keyof BaselineEntry)[] = ['fingerprint', 'rule', 'guardrail', 'file', 'message', 'firstSeen', 'lastSeen', 'timesSeen', 'timesFixed', 'fixedOn'];

/** Read a baseline; null when the file does not exist. Anything wrong in it is a ConfigError. */
export async function readBaseline(absPath: string, display: string): Promise<Baseline | null> {
  const text = await readUserFile(absPath, display, { optional: true, what: 'baseline file', skipHint: '' });
  if (text === null) return null;
  return parseBaseline(text, display);
}

/**
 * Parse and validate baseline JSON text. The fast path is JSON.parse and the schema; the syntax
 * tree that gives positions is built only when something is wrong.
 */
export function parseBaseline(text: string, display: string): Baseline {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let lines: LineIndex | undefined;
  const at = (offset: number) => ({ file: display, ...(lines ??= new LineIndex(body)).pos(offset) });
  let tree: JsonNode | undefined;
  const root = (): JsonNode => (tree ??= parseTree(body, [], { disallowComments: true, allowTrailingComma: false })!);
  const where = (path: (string | number)[]) => at(nodeAt(root(), path)?.offset ?? 0);
  if (body.trim() === '') throw new ConfigError('the baseline file is empty', { file: display, line: 1, column: 1, hint: HINT });
  const deep = tooDeepAt(body);
  if (deep !== -1) throw new ConfigError(`nested more than ${MAX_JSON_DEPTH} levels deep`, { ...at(deep), hint: HINT });
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    const errors: ParseError[] = [];
    parseTree(body, errors, { disallowComments: true, allowTrailingComma: false });
    const e = errors[0];
    throw new ConfigError(`JSON syntax error: ${e ? words(printParseErrorCode(e.error)) : 'not valid JSON'}`, { ...at(e?.offset ?? 0), hint: HINT });
  }
  if (data && typeof data === 'object' && !Array.isArray(data) && 'version' in data && (data as { version: unknown }).version !== 1) {
    throw new ConfigError(`unsupported baseline version ${JSON.stringify((data as { version: unknown }).version)}`, { ...where(['version']), hint: 'this release reads version: 1' });
  }
  // Precompiled from schemas/baseline.schema.json by `npm run schemas` (scripts/validators.mjs).
  if (!BASELINE_VALIDATOR(data)) throw schemaError(BASELINE_VALIDATOR.errors?.[0], root(), where, at);
  const baseline = data as Baseline;
  const seen = new Map<string, [string, number]>();
  const days = new Set<string>();
  for (const list of ['findings', 'fixed'] as const) {
    baseline[list].forEach((e, i) => {
      for (const k of ['firstSeen', 'lastSeen', 'fixedOn'] as const) {
        const v = e[k];
        if (v === undefined || days.has(v)) continue;
        if (isDay(v)) days.add(v);
        else throw new ConfigError(`${list}[${i}].${k} ${JSON.stringify(v)} is not a calendar day`, { ...where([list, i, k]), hint: 'dates are written YYYY-MM-DD' });
      }
      const first = seen.get(e.fingerprint);
      if (first !== undefined) {
        throw new ConfigError(`fingerprint ${e.fingerprint} appears twice (first on line ${where([first[0], first[1], 'fingerprint']).line})`, {
          ...where([list, i, 'fingerprint']),
          hint: 'a finding is either present or fixed, once; resolve the merge or run baseline update',
        });
      }
      seen.set(e.fingerprint, [list, i]);
    });
  }
  return baseline;
}

/** The file's text: fixed key order, entries sorted by file, rule and fingerprint, two-space indent. */
export function serializeBaseline(b: Baseline): string {
  const out = {
    $schema: b.$schema ?? BASELINE_SCHEMA_ID,
    version: 1,
    ...(b.staleAfterDays !== undefined ? { staleAfterDays: b.staleAfterDays } : {}),
    findings: sortEntries(b.findings).map(ordered),
    fixed: sortEntries(b.fixed).map(ordered),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function sortEntries(list: readonly BaselineEntry[]): BaselineEntry[] {
  return [...list].sort((a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.fingerprint, b.fingerprint));
}

function ordered(e: BaselineEntry): BaselineEntry {
  const o: Record<string, unknown> = {};
  for (const k of ENTRY_KEYS) if (e[k] !== undefined) o[k] = e[k];
  return o as unknown as BaselineEntry;
}

function nodeAt(root: JsonNode, path: (string | number)[]): JsonNode | undefined {
  for (let d = path.length; d >= 0; d--) {
    const n = findNodeAtLocation(root, path.slice(0, d));
    if (n) return n;
  }
  return root;
}

function schemaError(
  e: ErrorObject | undefined,
  root: JsonNode,
  where: (p: (string | number)[]) => { file: string; line: number; column: number },
  at: (offset: number) => { file: string; line: number; column: number },
): ConfigError {
  if (!e) return new ConfigError('the baseline file is not valid', { ...where([]), hint: HINT });
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const name = path.length ? path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${p}`)).join('') : 'the file';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const parent = nodeAt(root, path);
      const keyNode = parent?.children?.find((c) => c.type === 'property' && c.children?.[0]?.value === key)?.children?.[0];
      const allowed = path.length === 0 ? ['$schema', 'version', 'staleAfterDays', 'findings', 'fixed'] : ENTRY_KEYS.map(String);
      const near = closest(key, allowed);
      return new ConfigError(`${path.length ? `${name}: ` : ''}unknown key '${key}'`, {
        ...(keyNode ? at(keyNode.offset) : where(path)),
        hint: near ? `did you mean '${near}'?` : `allowed keys: ${allowed.join(', ')}`,
      });
    }
    case 'required':
      return new ConfigError(`${path.length ? `${name}: ` : ''}missing required key '${(e.params as { missingProperty: string }).missingProperty}'`, { ...where(path), hint: HINT });
    case 'not':
      return new ConfigError(`${name}: 'fixedOn' belongs to entries of 'fixed' only`, { ...where([...path, 'fixedOn']), hint: 'move the entry to "fixed", or remove its fixedOn' });
    case 'type':
      return new ConfigError(`${name} must be ${article(String((e.params as { type: string }).type))}`, { ...where(path), hint: HINT });
    case 'const':
      return new ConfigError(`${name} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`, { ...where(path) });
    case 'pattern':
      return new ConfigError(`${name} ${JSON.stringify(e.data ?? '')} is not ${path.at(-1) === 'fingerprint' ? 'a fingerprint (hexadecimal)' : 'a calendar day (YYYY-MM-DD)'}`, {
        ...where(path),
        hint: HINT,
      });
    default:
      return new ConfigError(`${name} ${e.message ?? 'is not valid'}`, { ...where(path), hint: HINT });
  }
}

function article(type: string): string {
  return type === 'array' ? 'a list' : type === 'object' ? 'an object' : type === 'integer' ? 'a whole number' : `a ${type}`;
}

function words(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
