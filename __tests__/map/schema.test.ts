import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MAP_SCHEMA, MAP_SCHEMA_ID } from '../../src/map/schema.js';
import { SLO_SCHEMA, SLO_SCHEMA_ID } from '../../src/slo/schema.js';

const files = [
  { file: new URL('../../schemas/system-intelligence-map.schema.json', import.meta.url), schema: MAP_SCHEMA, id: MAP_SCHEMA_ID },
  { file: new URL('../../schemas/slo-monitors.schema.json', import.meta.url), schema: SLO_SCHEMA, id: SLO_SCHEMA_ID },
];

describe('schemas/system-intelligence-map.schema.json and schemas/slo-monitors.schema.json', () => {
  it('are generated from src/map/schema.ts and src/slo/schema.ts (run `npm run schemas` after changing them), each with its $id', () => {
    for (const { file, schema, id } of files) {
      const text = `${JSON.stringify(schema, null, 2)}\n`;
      if (process.env.UPDATE_SCHEMAS) writeFileSync(file, text);
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(JSON.parse(text).$id).toBe(id);
    }
  });

  it('validate the example’s map and SLO file as an editor would, and reject a typo', () => {
    const ajv = new Ajv({ strict: false, allowUnionTypes: true });
    const map = ajv.compile(JSON.parse(readFileSync(files[0]!.file, 'utf8')));
    const example = JSON.parse(readFileSync(new URL('../../examples/reference-system/src/observability/system_intelligence_map.json', import.meta.url), 'utf8'));
    expect(map(example), ajv.errorsText(map.errors)).toBe(true);
    expect(map({ ...example, modulez: {} })).toBe(false);
    expect(map({ version: 1, evolution: { immediate: [{ item: 'x', status: 'finished' }] } })).toBe(false);
    const slo = ajv.compile(JSON.parse(readFileSync(files[1]!.file, 'utf8')));
    const doc = parse(readFileSync(new URL('../../examples/reference-system/infra/selfcheck/slo-monitors.yml', import.meta.url), 'utf8'));
    expect(slo(doc), ajv.errorsText(slo.errors)).toBe(true);
    expect(slo({ version: 1, slos: [{ id: 'a', latency: { p95: '200 msec' }, probe: { path: '/x' } }] })).toBe(false);
    expect(slo({ version: 1, slos: [{ id: 'a' }] })).toBe(false);
  });
});
