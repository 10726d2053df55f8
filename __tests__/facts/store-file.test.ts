import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Cold, FORMAT, MAX_ENTRIES, packed, parseStore, type Section } from '../../src/facts/store-file.js';
import { VERSION } from '../../src/version.js';

describe('a store file', () => {
  it('its first line: readers of a valid name, entries as key, value pairs, the first of two keys kept', () => {
    const text = JSON.stringify({ format: FORMAT, tool: VERSION, readers: { 'r@1': ['a', 1, 'b', 2, 'a', 3, 7, 8], 'Bad Name@1': ['a', 1], 'o@1': { a: 1 } } });
    const store = parseStore(text);
    expect(typeof store).toBe('object');
    const s = (store as Map<string, Section>).get('r@1')!;
    expect(['a', 'b', 'c'].map((k) => s.find(k)).map((j) => (j === undefined ? undefined : [s.keyAt(j), s.valueAt(j)]))).toEqual([['a', 1], ['b', 2], undefined]);
    expect(s.size).toBe(2);
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

  const id = (i: number, width = 40) =>
    createHash(width === 40 ? 'sha1' : 'sha256')
      .update(String(i))
      .digest('hex');
  const sectionOf = (entries: unknown, counted = 0) => {
    const store = parseStore(JSON.stringify({ format: FORMAT, tool: VERSION, readers: { 'r@1': entries } }), counted);
    return typeof store === 'string' ? store : store.get('r@1');
  };

  it('a reader keyed by blob ids is written packed, and reads back entry for entry, the first of two keys kept', () => {
    for (const width of [40, 64]) {
      const flat: unknown[] = [];
      for (let i = 0; i < 500; i++) flat.push(id(i, width), { n: i });
      flat.push(id(7, width), { n: -1 }); // a second entry of one key
      const written = packed(flat) as { width: number; keys: string; values: unknown[] };
      expect(written).toMatchObject({ width });
      expect(written.keys.length).toBe(501 * width);
      const s = sectionOf(written) as Section;
      expect(s.size).toBe(500);
      for (let i = 0; i < 500; i++) expect(s.valueAt(s.find(id(i, width))!)).toEqual({ n: i });
      expect(s.keyAt(s.find(id(42, width))!)).toBe(id(42, width));
      expect(s.find(id(9999, width))).toBeUndefined();
      expect(s.find(id(1, width).slice(0, 39))).toBeUndefined();
      expect(s.find(`${id(1, width)}0`)).toBeUndefined();
      expect(s.find('')).toBeUndefined();
      // the flat form of the same entries reads the same
      const f = sectionOf(flat) as Section;
      for (const i of [0, 7, 499]) expect(f.valueAt(f.find(id(i, width))!)).toEqual(s.valueAt(s.find(id(i, width))!));
    }
  });

  it('only blob ids of one width, 64 entries or more, are packed', () => {
    const ids = Array.from({ length: 64 }, (_, i) => id(i));
    const flatOf = (keys: unknown[]) => keys.flatMap((k, i) => [k, i]);
    expect(packed(flatOf(ids))).not.toBeInstanceOf(Array);
    expect(packed(flatOf(ids.slice(1)))).toBeInstanceOf(Array); // too few
    for (const odd of [id(0).toUpperCase(), id(0, 64), `t:${id(0).slice(2)}`, `${id(0).slice(0, 39)}g`, 7, null]) {
      expect(packed(flatOf([...ids.slice(1), odd]))).toBeInstanceOf(Array);
      expect(packed(flatOf([odd, ...ids.slice(1)]))).toBeInstanceOf(Array);
    }
  });

  it('a packed section that does not fit its frame is dropped; odd keys cost misses, never an error', () => {
    const keys = Array.from({ length: 100 }, (_, i) => id(i));
    const good = { width: 40, keys: keys.join(''), values: keys.map((_, i) => i) };
    for (const bad of [
      { ...good, width: 41 },
      { ...good, width: '40' },
      { ...good, keys: good.keys.slice(1) },
      { ...good, keys: [good.keys] },
      { ...good, values: good.values.slice(1) },
      { ...good, values: {} },
      { width: 40 },
    ])
      expect(sectionOf(bad)).toBeUndefined();
    // characters that are no hex digits, anywhere: the keys that are ids are still found
    const odd = [...keys];
    odd[3] = '\u00e9zZ-:'.repeat(8).slice(0, 40);
    odd[4] = `\n${id(4).slice(1)}`;
    const s = sectionOf({ ...good, keys: odd.join('') }) as Section;
    for (let i = 0; i < 100; i++) expect(s.find(keys[i]!)).toBe(i === 3 || i === 4 ? undefined : i);
    expect(s.find(odd[3]!)).toBe(3);
  });

  it('a crowd of keys that share their first digits costs a bounded search: the keys beyond it are misses', () => {
    // 50,000 keys with one head: without a bound on the search, placing them takes 10⁹ steps
    const head = 'deadbeef';
    const keys = Array.from({ length: 50_000 }, (_, i) => head + id(i).slice(8));
    const s = sectionOf({ width: 40, keys: keys.join(''), values: keys.map((_, i) => i) }) as Section;
    expect(s.size).toBeLessThan(100);
    expect(s.find(keys[0]!)).toBe(0);
    expect(s.find(keys[49_999]!)).toBeUndefined();
    expect(s.find(head + id(-1).slice(8))).toBeUndefined();
    // ids with other heads are found beside the crowd
    const mixed = [...keys.slice(0, 1000), ...Array.from({ length: 1000 }, (_, i) => id(i))];
    const m = sectionOf({ width: 40, keys: mixed.join(''), values: mixed.map((_, i) => i) }) as Section;
    let found = 0;
    for (let i = 0; i < 1000; i++) if (m.find(id(i)) === 1000 + i) found++;
    expect(found).toBeGreaterThan(950); // those probed past the crowd's run are misses: they are read again
  });

  it('entries past the store limit are not read, in either form', () => {
    const keys = Array.from({ length: 100 }, (_, i) => id(i));
    const flat = keys.flatMap((k, i) => [k, i]);
    for (const form of [flat, packed(flat)]) {
      const s = sectionOf(form, MAX_ENTRIES - 10) as Section;
      expect(s.size).toBe(10);
      expect(s.find(keys[9]!)).toBe(9);
      expect(s.find(keys[10]!)).toBeUndefined();
      expect(s.used.length).toBe(10);
    }
  });
});
