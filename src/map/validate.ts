import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ConfigError } from '../errors.js';
import { closest } from '../util/text.js';
import type { Positions } from './json-doc.js';

let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Validate a document (the map, the SLO file) against its JSON Schema and throw the single most
 * useful error as a ConfigError at the offending value's line and column.
 */
export function validateDoc(schema: object, data: unknown, positions: Positions, base: (string | number)[] = []): void {
  ajv ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true });
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  if (fn(data)) return;
  throw toError(pick(fn.errors ?? []), positions, base);
}

/** Unknown keys first, then the deepest error (the most specific place), then the first. */
function pick(errors: ErrorObject[]): ErrorObject {
  const useful = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const list = useful.length ? useful : errors;
  const unknown = list.find((e) => e.keyword === 'additionalProperties');
  if (unknown) return unknown;
  return [...list].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0]!;
}

function toError(e: ErrorObject, positions: Positions, base: (string | number)[]): ConfigError {
  const rel = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const path = [...base, ...rel];
  const name = rel.length ? `'${rel.map(String).join('.')}'` : 'the document';
  const sch = e.parentSchema as Record<string, unknown> | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((sch?.properties as object | undefined) ?? {});
      const near = closest(key, allowed);
      return new ConfigError(`${rel.length ? `${name}: ` : ''}unknown key '${key}'`, { ...positions.keyAt([...path, key]), hint: near ? `did you mean '${near}'?` : `allowed keys: ${allowed.join(', ')}` });
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return new ConfigError(`${rel.length ? `${name}: ` : ''}missing required key '${key}'`, { ...positions.at(path) });
    }
    case 'type': {
      const want = (e.params as { type: string | string[] }).type;
      const wants = (Array.isArray(want) ? want : String(want).split(',')).map((t) => (t === 'array' ? 'a list' : t === 'object' ? 'an object' : t === 'integer' ? 'a whole number' : `a ${t}`));
      return new ConfigError(`${name} must be ${wants.join(' or ')}, not ${shown(e.data)}`, { ...positions.at(path) });
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const near = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      return new ConfigError(`${name} must be one of ${allowed.join(', ')}, not ${shown(e.data)}`, { ...positions.at(path), ...(near ? { hint: `did you mean '${near}'?` } : {}) });
    }
    case 'const':
      return new ConfigError(`${name} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, not ${shown(e.data)}`, { ...positions.at(path) });
    case 'pattern': {
      const hint = (sch?.description as string | undefined) ?? `it must match ${String((e.params as { pattern: string }).pattern)}`;
      return new ConfigError(`${name} ${shown(e.data)} is not allowed here`, { ...positions.at(path), hint });
    }
    case 'propertyNames': {
      const key = (e.params as { propertyName?: string }).propertyName ?? '';
      return new ConfigError(`${name}: key ${JSON.stringify(key)} is not allowed`, { ...positions.keyAt([...path, key]) });
    }
    default:
      return new ConfigError(`${name} ${e.message ?? 'is invalid'}`, { ...positions.at(path) });
  }
}

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 59)}…"` : s;
}
