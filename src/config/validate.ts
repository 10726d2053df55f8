import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ConfigError } from '../errors.js';
import { unsafeRepoPath } from '../util/paths.js';
import { parseUserRegex } from '../util/safe-regex.js';
import { closest } from '../util/text.js';
import type { JsonSchema } from '../checks/types.js';
import type { YamlPositions } from './positions.js';

let ajv: Ajv | undefined;
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

function getAjv(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true });
    ajv.addFormat('repo-glob', { type: 'string', validate: (s: string) => unsafeRepoPath(s) === null });
    ajv.addFormat('regex', {
      type: 'string',
      validate: (s: string) => {
        try {
          parseUserRegex(s);
          return true;
        } catch {
          return false;
        }
      },
    });
  }
  return ajv;
}

/** Validate `data` (found at `base` in the YAML document) against `schema`; throw one clear ConfigError. */
export function validateAt(schema: JsonSchema, data: unknown, base: (string | number)[], positions: YamlPositions, subject: string): void {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = getAjv().compile(schema);
    compiled.set(schema, fn);
  }
  if (fn(data)) return;
  const err = pickError(fn.errors ?? []);
  throw toConfigError(err, base, positions, subject);
}

/** The most useful single error: a wrong key beats a wrong type beats a generic schema message. */
function pickError(errors: ErrorObject[]): ErrorObject {
  return errors.find((e) => e.keyword === 'additionalProperties') ?? errors[0]!;
}

function toConfigError(e: ErrorObject, base: (string | number)[], positions: YamlPositions, subject: string): ConfigError {
  const rel = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const path = [...base, ...rel];
  const name = rel.length ? `'${rel.map(String).join('.')}'` : '';
  const prefix = subject ? `${subject}: ` : '';
  const sch = e.parentSchema as Record<string, unknown> | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((sch?.properties as object | undefined) ?? {});
      const near = closest(key, allowed);
      return new ConfigError(`${prefix}unknown key '${key}'`, { ...positions.keyAt([...path, key]),
        hint: near ? `did you mean '${near}'?` : `allowed keys: ${allowed.join(', ')}`,
      });
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return new ConfigError(`${prefix}missing required key '${key}'`, { ...positions.at(path), hint: describe(sch, key) });
    }
    case 'type': {
      const want = (e.params as { type: string | string[] }).type;
      const wants = (Array.isArray(want) ? want : String(want).split(',')).map((t) => (t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : t === 'integer' ? 'a whole number' : `a ${t}`));
      return new ConfigError(`${prefix}${name || 'value'} must be ${wants.join(' or ')}, not ${shown(e.data)}`, { ...positions.at(path) });
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const near = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      return new ConfigError(`${prefix}${name || 'value'} must be one of ${allowed.join(', ')}, not ${shown(e.data)}`, { ...positions.at(path),
        ...(near ? { hint: `did you mean '${near}'?` } : {}),
      });
    }
    case 'const':
      return new ConfigError(`${prefix}${name || 'value'} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, not ${shown(e.data)}`, { ...positions.at(path) });
    case 'format': {
      const fmt = (e.params as { format: string }).format;
      if (fmt === 'repo-glob') {
        return new ConfigError(`${prefix}${name} ${shown(e.data)} ${unsafeRepoPath(String(e.data))}`, { ...positions.at(path), hint: 'write paths relative to the repository root, e.g. backend/**/*.py' });
      }
      if (fmt === 'regex') {
        let why = 'is not a valid regular expression';
        try {
          parseUserRegex(String(e.data));
        } catch (x) {
          why = `is not a valid regular expression: ${(x as Error).message}`;
        }
        return new ConfigError(`${prefix}${name} ${shown(e.data)} ${why}`, { ...positions.at(path), hint: 'patterns use JavaScript RegExp syntax; escape \\ as \\\\ inside double quotes, or use single quotes' });
      }
      return new ConfigError(`${prefix}${name} is not a valid ${fmt}`, { ...positions.at(path) });
    }
    case 'pattern': {
      const hint = sch?.['x-hint'] as string | undefined;
      return new ConfigError(`${prefix}${name} ${shown(e.data)} is not allowed here`, { ...positions.at(path), hint: hint ?? `it must match ${String((e.params as { pattern: string }).pattern)}` });
    }
    default:
      return new ConfigError(`${prefix}${name || 'value'} ${e.message ?? 'is invalid'}`, { ...positions.at(path) });
  }
}

function describe(schema: Record<string, unknown> | undefined, key: string): string | undefined {
  const p = (schema?.properties as Record<string, { description?: string }> | undefined)?.[key];
  return p?.description ? `${key}: ${p.description}` : undefined;
}

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 59)}…"` : s;
}
