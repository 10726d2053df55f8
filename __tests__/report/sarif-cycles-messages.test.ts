import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEADLINE_MAX, sarifMessage, toSarif } from '../../src/report/sarif.js';
import type { Report } from '../../src/types.js';
import { runIn } from '../run.js';
import { assertValidSarif } from './validate-sarif.js';

const EXAMPLE = path.resolve(__dirname, '../../examples/reference-system');

interface Related {
  id: number;
  physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
  message: { text: string };
}
interface Result {
  ruleId: string;
  message: { text: string; markdown?: string };
  relatedLocations?: Related[];
  properties?: Record<string, unknown>;
}

let report: Report;
let results: Result[];

beforeAll(async () => {
  report = await runIn(EXAMPLE, { allowCommands: false, commandsRefusedBecause: 'test' });
  const json = toSarif(report, { category: 'guardrails' }).json;
  assertValidSarif(json); // relatedLocations and message.markdown as the SARIF 2.1.0 schema has them
  results = JSON.parse(json).runs[0].results;
}, 120_000);

/** The line of `file` (1-based) in the example. */
const lineOf = (file: string, n: number): string => readFileSync(path.join(EXAMPLE, file), 'utf8').split(/\r?\n/)[n - 1] ?? '';
/** A SARIF uri (relative to the git work tree, the example sits under examples/reference-system) as a path in the example. */
const inExample = (uri: string): string => {
  expect(uri.startsWith(`${report.repoPrefix}/`)).toBe(true);
  return uri.slice(report.repoPrefix.length + 1);
};

describe('SARIF cycle findings: relatedLocations walk the shortest cycle', () => {
  for (const [rule, lang] of [
    ['no-circular-backend', 'Python'],
    ['no-circular-frontend', 'TypeScript'],
  ] as const) {
    it(`${rule} (${lang}): one related location per import, at the import statement`, () => {
      const r = results.find((x) => x.ruleId === rule)!;
      expect(r, `no ${rule} result`).toBeDefined();
      const cycle = r.properties!.cycle as string[];
      const rel = r.relatedLocations!;
      expect(rel.map((l) => inExample(l.physicalLocation.artifactLocation.uri))).toEqual(cycle);
      expect(rel.map((l) => l.message.text)).toEqual(cycle.map((_, i) => `imports ${cycle[(i + 1) % cycle.length]}`));
      expect(rel.map((l) => l.id)).toEqual(cycle.map((_, i) => i));
      for (const [i, l] of rel.entries()) {
        const to = cycle[(i + 1) % cycle.length]!;
        const stem = path.basename(to).replace(/\.\w+$/, '');
        // The line named is the import statement of the next module of the cycle.
        const src = lineOf(inExample(l.physicalLocation.artifactLocation.uri), l.physicalLocation.region.startLine);
        expect(src, `${inExample(l.physicalLocation.artifactLocation.uri)}:${l.physicalLocation.region.startLine}`).toMatch(/\b(import|from|require)\b/);
        expect(src).toContain(stem);
      }
    });
  }

  it('the Python cycle: the exact import lines', () => {
    const r = results.find((x) => x.ruleId === 'no-circular-backend')!;
    const at = r.relatedLocations!.map((l) => `${inExample(l.physicalLocation.artifactLocation.uri)}:${l.physicalLocation.region.startLine}`);
    expect(at[0]).toBe('backend/services/audit.py:11');
    expect(at).toHaveLength((r.properties!.cycle as string[]).length);
  });

  it('the TypeScript cycle: the exact import lines', () => {
    const r = results.find((x) => x.ruleId === 'no-circular-frontend')!;
    const at = r.relatedLocations!.map((l) => `${inExample(l.physicalLocation.artifactLocation.uri)}:${l.physicalLocation.region.startLine}`);
    expect(at[0]).toBe('frontend/components/EventList.tsx:8');
    expect(at).toHaveLength(2);
  });
});

/** The first sentence: up to the first `.`, `!`, `?` or `…` followed by a space or the end. */
const firstSentence = (s: string): string => {
  const end = s.search(/[.!?…](\s|$)/);
  return end < 0 ? s : s.slice(0, end + 1);
};
const MARKDOWN = /`|\*\*|\[[^\]]*\]\([^)]*\)/;

describe('SARIF messages: plain text with a short first sentence', () => {
  it('every result of the reference example', () => {
    expect(results.length).toBeGreaterThan(10);
    const bad = results.filter((r) => MARKDOWN.test(r.message.text) || firstSentence(r.message.text).length >= HEADLINE_MAX);
    expect(bad.map((r) => `${r.ruleId}: ${r.message.text}`)).toEqual([]);
  });

  it('quoted code goes to markdown as code spans, text keeps the words', () => {
    const m = sarifMessage('Uses `eval(x)` in **bold** and [here](https://x.test).', 8192);
    expect(m.text).toBe('Uses eval(x) in bold and here (https://x.test).');
    expect(m.markdown).toContain('`eval(x)`');
    expect(sarifMessage('No code here.', 8192)).toEqual({ text: 'No code here.' });
  });

  it('a long first sentence is broken before the limit, nothing lost', () => {
    const long = `Import cycle: ${Array.from({ length: 12 }, (_, i) => `src/module_${i}.ts`).join(' → ')}. Cut one.`;
    const m = sarifMessage(long, 8192);
    expect(firstSentence(m.text).length).toBeLessThan(HEADLINE_MAX);
    expect(m.text.replace('… ', ' ')).toBe(long);
  });
});
