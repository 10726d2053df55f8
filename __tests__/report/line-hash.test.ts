import { describe, expect, it } from 'vitest';
import { toSarif } from '../../src/report/sarif.js';
import { runOn } from '../run.js';

/**
 * GitHub's `primaryLocationLineHash` as upload-sarif computes it (github/codeql-action
 * src/fingerprints.ts), written from its description: a rolling hash (base 37, 64-bit wrap) over
 * a window of the next 100 characters, skipping spaces and tabs, CR and CRLF read as LF, an end
 * marker (65535) then zeros after the last character. A line's hash is the window's value once
 * the 100 characters starting at that line have been read, suffixed `:n` for the n-th line with
 * the same value. Returns the hash of every line (1-based).
 */
function lineHashes(content: string): Map<number, string> {
  const BLOCK = 100;
  const M = 2n ** 64n;
  const wrap = (x: bigint) => ((x % M) + M) % M;
  let firstMod = 1n;
  for (let i = 0; i < BLOCK; i++) firstMod = wrap(firstMod * 37n);
  const window = new Array<number>(BLOCK).fill(0);
  const starts = new Array<number>(BLOCK).fill(-1);
  const seen = new Map<string, number>();
  const out = new Map<number, string>();
  let h = 0n;
  let at = 0;
  let line = 0;
  let lineStart = true;
  let prevCR = false;
  const emit = () => {
    const v = h.toString(16);
    const n = (seen.get(v) ?? 0) + 1;
    seen.set(v, n);
    out.set(starts[at]!, `${v}:${n}`);
    starts[at] = -1;
  };
  const push = (c: number) => {
    const begin = window[at]!;
    window[at] = c;
    h = wrap(37n * h + BigInt(c) - firstMod * BigInt(begin));
    at = (at + 1) % BLOCK;
  };
  const read = (code: number) => {
    let c = code;
    if (c === 32 || c === 9 || (prevCR && c === 10)) {
      prevCR = false;
      return;
    }
    prevCR = c === 13;
    if (c === 13) c = 10;
    if (starts[at] !== -1) emit();
    if (lineStart) {
      lineStart = false;
      starts[at] = ++line;
    }
    if (c === 10) lineStart = true;
    push(c);
  };
  for (let i = 0; i < content.length; i++) read(content.charCodeAt(i));
  read(65535);
  for (let i = 0; i < BLOCK; i++) {
    if (starts[at] !== -1) emit();
    push(0);
  }
  return out;
}

interface SarifResultLite {
  ruleId: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine?: number } } }[];
}

/** Alert identity as code scanning sees it: ruleId + the line hash of the primary location (line 1 without a region). */
function alerts(sarif: string, files: Record<string, string>): string[] {
  const results = (JSON.parse(sarif) as { runs: { results: SarifResultLite[] }[] }).runs[0]!.results;
  return results
    .map((r) => {
      const loc = r.locations[0]!.physicalLocation;
      const content = files[loc.artifactLocation.uri]!;
      return `${r.ruleId} ${lineHashes(content).get(loc.region?.startLine ?? 1)}`;
    })
    .sort();
}

const CONFIG = `version: 1
guardrails:
  - id: size
    severity: warning
    check: max-lines
    paths: ['app/**/*.py']
    max: 20
  - id: no-print
    check: pattern
    paths: ['app/**/*.py']
    forbid: '^print\\('
    message: Use logging
`;

describe('alert identity across edits (GitHub primaryLocationLineHash)', () => {
  it('the hash helper follows upload-sarif: blanks skipped, CRLF as LF, equal windows numbered', () => {
    expect(lineHashes('a b\nc\n')).toEqual(lineHashes('ab\r\nc\n'));
    const h = lineHashes('x\n'.repeat(3)); // plus the end marker's line, as upload-sarif counts it
    expect(h.size).toBe(4);
    expect(new Set([...h.values()]).size).toBe(4);
  });

  it('adding a line in the middle keeps the max-lines alert and an unchanged line’s alert', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `value_${i + 1} = compute(${i + 1}, "some text to make the line long enough")`);
    lines[24] = 'print("debug output that is never logged properly")';
    const before = `${lines.join('\n')}\n`;
    const after = `${[...lines.slice(0, 9), 'inserted = "a brand new line in the middle"', ...lines.slice(9)].join('\n')}\n`;
    const sarifOf = async (content: string) => {
      const { report } = await runOn({ 'app/big.py': content }, CONFIG);
      expect(report.findings.map((f) => f.ruleId).sort()).toEqual(['no-print', 'size']);
      return toSarif(report, { category: 'c' }).json;
    };
    const a = alerts(await sarifOf(before), { 'app/big.py': before });
    const b = alerts(await sarifOf(after), { 'app/big.py': after });
    expect(a).toHaveLength(2);
    expect(b).toEqual(a);
  });
});
