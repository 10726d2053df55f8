import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CHECK_KINDS } from '../../src/checks/index.js';
import { publishedSchema } from '../../src/config/schema.js';

const file = new URL('../../schemas/guardrails.schema.json', import.meta.url);
const generated = `${JSON.stringify(publishedSchema(CHECK_KINDS), null, 2)}\n`;

describe('schemas/guardrails.schema.json', () => {
  it('is generated from the check kinds (run `npm run schemas` after changing a kind)', () => {
    if (process.env.UPDATE_SCHEMAS) writeFileSync(file, generated);
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });

  it('validates the example and the project’s own guardrails, as an editor would', () => {
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false });
    const validate = ajv.compile(JSON.parse(generated));
    for (const p of ['../../examples/reference-system/infra/selfcheck/guardrails.yaml', '../../infra/selfcheck/guardrails.yaml']) {
      const doc = parse(readFileSync(new URL(p, import.meta.url), 'utf8'));
      expect(validate(doc), `${p}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it('rejects what the loader rejects: an unknown key of a kind', () => {
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false });
    const validate = ajv.compile(JSON.parse(generated));
    expect(validate({ version: 1, guardrails: [{ id: 'a', check: 'max-lines', max: 3, bogus: 1 }] })).toBe(false);
    expect(validate({ version: 1, guardrails: [{ id: 'a', check: 'nope' }] })).toBe(false);
  });
});
