import { describe, expect, it } from 'vitest';
import { Cold, FORMAT, parseStore } from '../../src/facts/store-file.js';
import { VERSION } from '../../src/version.js';

describe('a store file', () => {
  it('its first line: readers of a valid name, entries as key, value pairs, the first of two keys kept', () => {
    const text = JSON.stringify({ format: FORMAT, tool: VERSION, readers: { 'r@1': ['a', 1, 'b', 2, 'a', 3, 7, 8], 'Bad Name@1': ['a', 1], 'o@1': { a: 1 } } });
    const store = parseStore(text);
    expect(typeof store).toBe('object');
    const s = (store as Map<string, { flat: readonly unknown[]; index: Map<string, number> }>).get('r@1')!;
    expect([...s.index].map(([k, at]) => [k, s.flat[at + 1]])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect([...(store as Map<string, unknown>).keys()]).toEqual(['r@1']);
    expect(parseStore('{')).toBe('not JSON');
    expect(parseStore(JSON.stringify({ format: FORMAT - 1, tool: VERSION, readers: {} }))).toBe('another format');
  });

  it('its cold lines: found by search or by index alike, the first of two kept; a line that is not JSON is a miss', () => {
    const lines = ['c@1\tk1\t[1]', 'no tabs', 'c@1\tk2\tnot JSON', 'c@1\tk1\t[2]', 'c@1\tk3\t{"x":3}'];
    const probe = (cold: Cold) => ['c@1\tk1', 'c@1\tk2', 'c@1\tk3', 'c@1\tk4'].map((k) => cold.get(k)?.value);
    const expected = [[1], undefined, { x: 3 }, undefined];
    expect(probe(new Cold(Buffer.from(lines.join('\n'))))).toEqual(expected);
    // past 16 lookups the lines are indexed: the same answers
    const indexed = new Cold(Buffer.from(lines.join('\n')));
    for (let i = 0; i < 20; i++) indexed.get('c@1\tnone');
    expect(probe(indexed)).toEqual(expected);
    expect(probe(new Cold(null))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('writes back the lines used and those of live contents, each key once', () => {
    const cold = new Cold(Buffer.from(['c@1\tk1\t[1]', 'c@1\tk2\t[2]', 'c@1\tk3\t[3]', 'c@1\tk1\t[9]', 'BAD\tk4\t[4]'].join('\n')));
    cold.markUsed(cold.get('c@1\tk2')!.line);
    const out: string[] = [];
    cold.keep((k) => k === 'k1' || k === 'k4', out, new Set());
    expect(out.sort()).toEqual(['c@1\tk1\t[1]', 'c@1\tk2\t[2]']);
  });
});
