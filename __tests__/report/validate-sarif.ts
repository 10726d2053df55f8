import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validate = ajv.compile(schema);

/** Throws unless the text is valid against the official SARIF 2.1.0 schema (without running sarif.test.ts's tests). */
export function assertValidSarif(json: string): void {
  if (!validate(JSON.parse(json))) throw new Error(`invalid SARIF: ${ajv.errorsText(validate.errors)}`);
}
