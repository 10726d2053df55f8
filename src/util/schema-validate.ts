import type { ErrorObject } from 'ajv';
import { ConfigError } from '../errors.js';
import type { SourcePos } from '../types.js';
import { unsafeRepoPath } from './paths.js';
import { parseUserRegex } from './safe-regex.js';
import { closest, distance } from './text.js';
import { DOCUMENT_VALIDATORS } from './validators.generated.js';

type Path = readonly (string | number)[];

/** Where values and keys of a parsed document are written (YAML or JSON). */
export interface DocPositions {
  at(path: Path): SourcePos;
  keyAt(path: Path): SourcePos;
}

/**
 * The precompiled validators, by name: `guardrails` (the file's top level), `guardrail:<kind>` (one
 * guardrail of a check kind), `map` (the intelligence map), `slo` (the SLO monitors). They are
 * generated from the schemas by `npm run schemas` (scripts/validators.mjs).
 */
export type SchemaName = 'guardrails' | `guardrail:${string}` | 'map' | 'slo';

/**
 * Validate `data` (found at `base` in a document) against the named schema and throw the single
 * most useful error as a ConfigError at the offending value's line and column. `subject` names what
 * is being validated ("guardrail 'x'") at the start of the message. Used by every file we read: the
 * guardrails, the intelligence map, the SLO monitors.
 */
export function validateAt(name: SchemaName, data: unknown, base: (string | number)[], positions: DocPositions, subject = ''): void {
  const fn = DOCUMENT_VALIDATORS[name];
  if (!fn) throw new Error(`no precompiled validator for the schema '${name}': run \`npm run schemas\``);
  if (fn(data)) return;
  throw toConfigError(pickError(fn.errors ?? []), base, positions, subject);
}

/** Unknown keys first, then the deepest error (the most specific place), leaving out combinator noise. */
function pickError(errors: ErrorObject[]): ErrorObject {
  const useful = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const list = useful.length ? useful : errors;
  const unknown = list.find((e) => e.keyword === 'additionalProperties');
  if (unknown) return unknown;
  // Deepest first; at the same place a wrong pattern or range says more than "must be a number"
  // (the value had the other type that the schema allows).
  const depth = (e: ErrorObject) => e.instancePath.split('/').length * 2 + (e.keyword === 'type' ? 0 : 1);
  return list.reduce((best, e) => (depth(e) > depth(best) ? e : best), list[0]!);
}

/** `routes[0]`, `modules["src/a.py"].goals`, `probe.path`: a path to a value as a reader writes it. */
export function showPath(rel: readonly (string | number)[]): string {
  let out = '';
  for (const seg of rel) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function toConfigError(e: ErrorObject, base: (string | number)[], positions: DocPositions, subject: string): ConfigError {
  const rel = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const path = [...base, ...rel];
  const name = rel.length ? `'${showPath(rel)}'` : '';
  const what = name || 'the value';
  const prefix = subject ? `${subject}: ` : rel.length && ['additionalProperties', 'required'].includes(e.keyword) ? `${name}: ` : '';
  const sch = e.parentSchema as Record<string, unknown> | undefined;
  const hintOf = (): string | undefined => (sch?.['x-hint'] as string | undefined) ?? (sch?.description as string | undefined);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((sch?.properties as object | undefined) ?? {});
      const near = closest(key, allowed);
      return new ConfigError(`${prefix}unknown key '${key}'`, { ...positions.keyAt([...path, key]), hint: near ? `did you mean '${near}'?` : `allowed keys: ${allowed.join(', ')}` });
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      const p = (sch?.properties as Record<string, { description?: string }> | undefined)?.[key];
      return new ConfigError(`${prefix}missing required key '${key}'`, { ...positions.at(path), ...(p?.description ? { hint: `${key}: ${p.description}` } : {}) });
    }
    case 'type': {
      const want = (e.params as { type: string | string[] }).type;
      const json = /\.jsonc?$/i.test(positions.at([]).file);
      const wants = (Array.isArray(want) ? want : String(want).split(',')).map((t) =>
        t === 'array' ? 'a list' : t === 'object' ? (json ? 'an object' : 'a mapping') : t === 'integer' ? 'a whole number' : `a ${t}`,
      );
      const xhint = sch?.['x-hint'] as string | undefined;
      return new ConfigError(`${prefix}${what} must be ${wants.join(' or ')}, not ${shown(e.data)}`, { ...positions.at(path), ...(xhint ? { hint: xhint } : {}) });
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const near = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      return new ConfigError(`${prefix}${what} must be one of ${allowed.join(', ')}, not ${shown(e.data)}`, { ...positions.at(path), ...(near ? { hint: `did you mean '${near}'?` } : {}) });
    }
    case 'const':
      return new ConfigError(`${prefix}${what} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, not ${shown(e.data)}`, { ...positions.at(path) });
    case 'format': {
      const fmt = (e.params as { format: string }).format;
      if (fmt === 'repo-glob') {
        return new ConfigError(`${prefix}${what} ${shown(e.data)} ${unsafeRepoPath(String(e.data))}`, {
          ...positions.at(path),
          hint: 'write paths relative to the repository root, e.g. backend/**/*.py',
        });
      }
      if (fmt === 'regex') {
        let why = 'is not a valid regular expression';
        try {
          parseUserRegex(String(e.data));
        } catch (x) {
          why = `is not a valid regular expression: ${(x as Error).message}`;
        }
        return new ConfigError(`${prefix}${what} ${shown(e.data)} ${why}`, {
          ...positions.at(path),
          hint: "patterns use JavaScript RegExp syntax; write them in single quotes ('\\s+') so YAML leaves the backslashes alone",
        });
      }
      return new ConfigError(`${prefix}${what} is not a valid ${fmt}`, { ...positions.at(path) });
    }
    case 'pattern':
      return new ConfigError(`${prefix}${what} ${shown(e.data)} is not allowed here`, {
        ...positions.at(path),
        hint: hintOf() ?? `it must match ${String((e.params as { pattern: string }).pattern)}`,
      });
    case 'minItems':
    case 'maxItems': {
      const n = (e.params as { limit: number }).limit;
      return new ConfigError(`${prefix}${what} needs ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${n} item${n === 1 ? '' : 's'}`, {
        ...positions.at(path),
        ...(hintOf() ? { hint: hintOf()! } : {}),
      });
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const { comparison, limit } = e.params as { comparison: string; limit: number };
      return new ConfigError(`${prefix}${what} must be ${comparison} ${limit}, not ${shown(e.data)}`, { ...positions.at(path) });
    }
    case 'minLength':
      return new ConfigError(`${prefix}${what} must not be empty`, { ...positions.at(path) });
    case 'propertyNames': {
      const key = (e.params as { propertyName?: string }).propertyName ?? '';
      return new ConfigError(`${prefix}${what}: key ${JSON.stringify(key)} is not allowed`, { ...positions.keyAt([...path, key]), ...(hintOf() ? { hint: hintOf()! } : {}) });
    }
    default:
      return new ConfigError(`${prefix}${what} ${e.message ?? 'is invalid'}`, { ...positions.at(path) });
  }
}

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 59)}…"` : s;
}

/**
 * In objects that keep keys of their own (human-written fields the schema allows), a key one typo
 * away from a known one (`goal` for `goals`) is almost always a mistake that would silently do
 * nothing: refuse it with a suggestion.
 */
export function refuseNearMisses(schema: object, data: unknown, positions: DocPositions, path: (string | number)[] = []): void {
  const s = schema as { properties?: Record<string, object>; additionalProperties?: unknown; items?: unknown; patternProperties?: Record<string, object> };
  if (Array.isArray(data)) {
    if (s.items && typeof s.items === 'object') data.forEach((v, i) => refuseNearMisses(s.items as object, v, positions, [...path, i]));
    return;
  }
  if (data === null || typeof data !== 'object') return;
  const known = Object.keys(s.properties ?? {});
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const sub = s.properties?.[key];
    if (sub) {
      refuseNearMisses(sub, value, positions, [...path, key]);
      continue;
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      refuseNearMisses(s.additionalProperties, value, positions, [...path, key]);
      continue;
    }
    if (s.additionalProperties === false || known.length === 0) continue;
    // Stricter than "did you mean" elsewhere: one edit, or a known key that extends it (goal → goals).
    const near = known.find((k) => k !== key && (distance(k.toLowerCase(), key.toLowerCase()) <= 1 || (key.length >= 4 && k.startsWith(key))));
    if (near) {
      throw new ConfigError(`${path.length ? `'${showPath(path)}': ` : ''}unknown key '${key}'`, {
        ...positions.keyAt([...path, key]),
        hint: `did you mean '${near}'? (other keys are kept as your own notes, but this one looks like a typo)`,
      });
    }
  }
}
