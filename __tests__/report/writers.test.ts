import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/report/json.js';
import { toSarif } from '../../src/report/sarif.js';
import { toSummary } from '../../src/report/summary.js';
import { toText } from '../../src/report/text.js';
import { WRITERS } from '../../src/report/writers.js';
import { runOn } from '../run.js';

describe('the writer registry', () => {
  it('every view of a report is one entry with one signature, and renders what the writer module renders', async () => {
    const { report } = await runOn({ 'a.py': 'x = 1\ny = 2\n' }, 'version: 1\nguardrails:\n  - id: size\n    check: max-lines\n    paths: ["**/*.py"]\n    max: 1\n');
    expect(Object.keys(WRITERS).sort()).toEqual(['annotations', 'baseline', 'drift-report', 'json', 'pr-comment', 'sarif', 'summary', 'text']);
    const ctx = { category: 'c', date: '2025-01-01' };
    expect(WRITERS.sarif.render(report, ctx).output).toBe(toSarif(report, { category: 'c' }).json);
    expect(WRITERS.json.render(report, ctx).output).toBe(toJson(report));
    expect(WRITERS.summary.render(report, ctx).output).toBe(toSummary(report));
    expect(WRITERS.text.render(report, ctx).output).toBe(toText(report, { color: false }));
    expect(JSON.parse(WRITERS.baseline.render(report, ctx).output.content).findings.map((e: { file: string; firstSeen: string }) => `${e.file} ${e.firstSeen}`)).toEqual(['a.py 2025-01-01']);
    expect(WRITERS.annotations.render(report, ctx).output.map((a) => `${a.level} ${a.file}:${a.startLine}`)).toEqual(['error a.py:2']);
    for (const [name, w] of Object.entries(WRITERS)) {
      const r = w.render(report, ctx);
      expect(r.output, name).toBeTruthy();
      expect(Array.isArray(r.cut), name).toBe(true);
      expect(w.description.length, name).toBeGreaterThan(10);
    }
  });
});
