import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import baselineSchema from '../../schemas/baseline.schema.json' with { type: 'json' };
import { CHECK_KINDS } from '../../src/checks/index.js';
import { TOP_LEVEL_SCHEMA, guardrailSchema } from '../../src/config/schema.js';
import { MAP_SCHEMA } from '../../src/map/schema.js';
import { SLO_SCHEMA } from '../../src/slo/schema.js';
import { FORMATS } from '../../src/util/schema-formats.js';
// @ts-expect-error: a plain .mjs script (it runs without a build), typed here by use only
import { BASELINE_OPTIONS, DOCUMENT_OPTIONS, OUT, generate } from '../../scripts/validators.mjs';

/** Every schema the loaders validate with, by the name they ask for (src/util/schema-validate.ts: SchemaName). */
const documents = (kinds = CHECK_KINDS): Record<string, object> => ({
  guardrails: TOP_LEVEL_SCHEMA,
  ...Object.fromEntries(kinds.map((k) => [`guardrail:${k.kind}`, guardrailSchema(k)])),
  map: MAP_SCHEMA,
  slo: SLO_SCHEMA,
});

/** What the generated validators must answer: Ajv compiling the same schemas at run time, with the same options and formats. */
function compiledNow(options: object, schema: object) {
  return new Ajv({ ...options, formats: FORMATS }).compile(schema);
}

const errorsOf = (fn: { errors?: ErrorObject[] | null }) => JSON.parse(JSON.stringify(fn.errors ?? null));

/** Loaded after the freshness test (which may write it), so a missing or broken file can still be regenerated. */
const load = () => import('../../src/util/validators.generated.js');

describe('src/util/validators.generated.ts', () => {
  it('is generated from the current schemas (run `npm run schemas` after changing a schema or a kind)', () => {
    const expected = generate({ documents: documents(), baseline: baselineSchema, formats: FORMATS });
    if (process.env.UPDATE_SCHEMAS) writeFileSync(OUT, expected);
    expect(readFileSync(OUT, 'utf8')).toBe(expected);
  }, 30_000);

  it('goes stale when a kind’s schema changes', () => {
    const maxLines = CHECK_KINDS.find((k) => k.kind === 'max-lines')!;
    const changed = { ...maxLines, schema: { ...maxLines.schema, properties: { ...maxLines.schema.properties, max: { type: 'integer', minimum: 2 } } } };
    const text = generate({ documents: documents(CHECK_KINDS.map((k) => (k === maxLines ? changed : k))), baseline: baselineSchema, formats: FORMATS });
    expect(text).not.toBe(readFileSync(OUT, 'utf8'));
  }, 30_000);

  it('has a validator for every schema a loader names, and no more', async () => {
    const { DOCUMENT_VALIDATORS } = await load();
    expect(Object.keys(DOCUMENT_VALIDATORS).sort()).toEqual(Object.keys(documents()).sort());
  });

  it('calls the project’s own format functions, not copies of them', async () => {
    const { DOCUMENT_VALIDATORS } = await load();
    const text = readFileSync(OUT, 'utf8');
    expect(text).toContain("import { FORMATS } from './schema-formats.js';");
    expect(text).toContain('FORMATS["repo-glob"]');
    expect(text).toContain('FORMATS.regex');
    expect(text).not.toMatch(/unsafeRepoPath|parseUserRegex/);
    expect(text).not.toMatch(/\brequire\(/);
    const v = DOCUMENT_VALIDATORS.guardrails!;
    expect(v({ guardrails: [], exclude: ['docs/**'] })).toBe(true);
    expect(v({ guardrails: [], exclude: ['../outside/**'] })).toBe(false);
    expect(v.errors?.map((e) => [e.keyword, e.params])).toEqual([['format', { format: 'repo-glob' }]]);
    const pattern = DOCUMENT_VALIDATORS['guardrail:pattern']!;
    const ok = { id: 'p', check: 'pattern', paths: ['src/**'], forbid: 'console\\.log' };
    expect(pattern(ok), JSON.stringify(pattern.errors)).toBe(true);
    expect(pattern({ ...ok, forbid: 'a(b' })).toBe(false);
    expect(pattern.errors?.some((e) => e.keyword === 'format' && (e.params as { format: string }).format === 'regex')).toBe(true);
  });

  it('answers as Ajv compiling the schema at run time would: the same errors, with data, schema and parentSchema', async () => {
    const { BASELINE_VALIDATOR, DOCUMENT_VALIDATORS } = await load();
    const cases: [string, unknown][] = [
      ['guardrails', { version: 1, guardrails: [], exclude: ['/etc/**', 3, ''], extra: true }],
      ['guardrails', { version: 2 }],
      ['guardrail:max-lines', { id: 'Bad_Id', check: 'max-lines', max: 'many', paths: ['a/../../b'], severity: 'eror', titel: 'x' }],
      ['guardrail:pattern', { id: 'p', check: 'pattern', paths: [], forbid: '(', 'security-severity': 11 }],
      ['guardrail:layers', { id: 'l', check: 'layers', layers: 'a' }],
      ['map', { version: 1, modules: { 'a.py': { goals: [1], wraps: ['db'] } }, goals: 'x' }],
      ['slo', { version: 1, slos: [{ id: 'a', latency: { p95: '200 msec' }, probe: { path: 'x', requests: 0 } }] }],
    ];
    for (const [name, data] of cases) {
      const generated = DOCUMENT_VALIDATORS[name]!;
      const now = compiledNow(DOCUMENT_OPTIONS, documents()[name]!);
      expect(generated(data), name).toBe(false);
      expect(now(data), name).toBe(false);
      expect(errorsOf(generated), name).toEqual(errorsOf(now));
      expect(
        generated.errors?.every((e) => e.parentSchema !== undefined && 'data' in e),
        name,
      ).toBe(true);
    }
    const now = compiledNow(BASELINE_OPTIONS, baselineSchema);
    for (const data of [{ version: 1, findings: [{ fingerprint: 'xyz' }], fixed: [] }, { version: 1, findings: [], fixed: [], bogus: 1 }, { findings: 'no' }]) {
      expect(BASELINE_VALIDATOR(data)).toBe(false);
      expect(now(data)).toBe(false);
      expect(errorsOf(BASELINE_VALIDATOR)).toEqual(errorsOf(now));
    }
  });
});
