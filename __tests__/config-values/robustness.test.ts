import { describe, expect, it } from 'vitest';
import { readAssignments } from '../../src/config-values/index.js';

describe('config-value readers on hostile input', () => {
  it('long whitespace runs, deep nesting and unterminated constructs stay fast and never throw', () => {
    // A reader quadratic in a whitespace run would take ~10^12 steps here (linear: milliseconds): the test
    // timeout catches it, with no wall-clock assertion that a loaded machine could trip.
    const spaces = ' '.repeat(1_000_000);
    const inputs: [string, string][] = [
      ['a.ini', `k${spaces}\n[s${spaces}\nv = 1${spaces};\n`],
      ['a.toml', `[t${spaces}\nk = "x"${spaces}\n`],
      ['.env', `A=b${spaces}x\nB="unterminated\n`],
      ['a.py', `X = ${'['.repeat(5000)}1${']'.repeat(5000)}\nY = """never closed\n`],
      ['a.ts', `export const X = ${'['.repeat(5000)}1${']'.repeat(5000)};\nconst s = \`unterminated \${ {\n`],
      ['a.json', `{"a": ${'['.repeat(5000)}`],
      ['a.yaml', `a: ${'['.repeat(2000)}`],
    ];
    for (const [file, text] of inputs) expect(() => readAssignments(file, text), file).not.toThrow();
    expect(readAssignments('a.py', `X = ${'['.repeat(5000)}1${']'.repeat(5000)}\n`)[0]).toMatchObject({ key: 'X', value: { known: false } });
  }, 60_000);
});
