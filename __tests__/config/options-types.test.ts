import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_KINDS } from '../../src/checks/index.js';
import { publishedSchema } from '../../src/config/schema.js';
// @ts-expect-error: a plain .mjs script (it runs without a build), typed here by use only
import { OUT, generate, typeName } from '../../scripts/options-types.mjs';

describe('src/config/options.generated.ts', () => {
  it('is generated from schemas/guardrails.schema.json (run `npm run schemas` after changing a kind)', async () => {
    // From the kinds' current schemas, so a changed kind fails here even before schemas/ is regenerated.
    const expected = await generate(`${JSON.stringify(publishedSchema(CHECK_KINDS), null, 2)}\n`);
    if (process.env.UPDATE_SCHEMAS) writeFileSync(OUT, expected);
    expect(readFileSync(OUT, 'utf8')).toBe(expected);
  }, 30_000);

  it('has one options type per configurable kind, holding exactly the kind’s own keys', () => {
    const text = readFileSync(OUT, 'utf8');
    for (const k of CHECK_KINDS) {
      const m = new RegExp(`export type ${typeName(k.kind)} = \\{\\n([\\s\\S]*?)\\n\\};`).exec(text);
      expect(m, k.kind).not.toBeNull();
      const keys = [...m![1]!.matchAll(/^ {2}'?([a-z][a-z-]*)'?\??:/gm)].map((x) => x[1]);
      expect(keys.sort(), k.kind).toEqual(Object.keys(k.schema.properties).sort());
    }
  });
});
