import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Cold, coldBuffer, coldFile, MAX_ENTRIES } from '../../src/facts/cold-lines.js';
import { FORMAT, packed, parseStore, readStore, type Section, storeText } from '../../src/facts/store-file.js';
import { tmpDir } from '../helpers.js';
import { rng } from '../secrets/corpus.js';
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
    expect(probe(new Cold(coldBuffer(Buffer.from(lines.join('\n')))))).toEqual(expected);
    // past 16 lookups the lines are indexed: the same answers
    const indexed = new Cold(coldBuffer(Buffer.from(lines.join('\n'))));
    for (let i = 0; i < 20; i++) indexed.get('c@1\tnone');
    expect(probe(indexed)).toEqual(expected);
    expect(probe(new Cold(null))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('writes back the lines used and those of live contents, each key once', () => {
    const cold = new Cold(coldBuffer(Buffer.from(['c@1\tk1\t[1]', 'c@1\tk2\t[2]', 'c@1\tk3\t[3]', 'c@1\tk1\t[9]', 'BAD\tk4\t[4]'].join('\n'))));
    cold.markUsed(cold.get('c@1\tk2')!.line);
    const out: string[] = [];
    cold.keep((k) => k === 'k1' || k === 'k4', out, new Set());
    expect(out.sort()).toEqual(['c@1\tk1\t[1]', 'c@1\tk2\t[2]']);
  });

  /** Sorted cold lines as a store writes them (storeText), without the first line. */
  const coldOf = (lines: string[]) => {
    const text = storeText({}, lines);
    return Buffer.from(text.slice(text.indexOf('\n') + 1));
  };

  it('its cold lines are written sorted by the bytes of their keys, and a search finds what the index finds', () => {
    const rand = rng(7);
    const readers = ['python-imports@2', 'routes@1', 'a:b@3'];
    const keys = ['', 'z', 'é', '😀', '\uffff', 'key-with-a-long-tail-'.repeat(300)];
    for (let round = 0; round < 6; round++) {
      const lines: string[] = [];
      const asked: string[] = [];
      const n = 50 + Math.floor(rand() * 3000);
      for (let i = 0; i < n; i++) {
        const rk = `${readers[Math.floor(rand() * readers.length)]}\t${keys[Math.floor(rand() * keys.length)]}${Math.floor(rand() * 1e9).toString(16)}`;
        asked.push(rk);
        if (rand() < 0.7) lines.push(`${rk}\t${JSON.stringify([i, 'v'.repeat(Math.floor(rand() * (rand() < 0.05 ? 9000 : 60)))])}`);
        if (rand() < 0.03) lines.push(['no tabs at all', 'one\ttab', '', 'x\ty\tnot JSON'][Math.floor(rand() * 4)]!);
      }
      const bytes = coldOf(lines);
      const order = bytes
        .toString('utf8')
        .split('\n')
        .map((l) => Buffer.from(l.split('\t').slice(0, 2).join('\t')));
      for (let i = 1; i < order.length; i++) expect(Buffer.compare(order[i - 1]!, order[i]!)).toBeLessThanOrEqual(0);
      const indexed = new Cold(coldBuffer(bytes));
      for (let i = 0; i < 20; i++) indexed.get('none\tnone'); // past 16 lookups: every line indexed
      for (const rk of [...asked, 'a\tabsent', 'zzz\tafter all', '\t', 'x\ty']) {
        const searched = new Cold(coldBuffer(bytes)); // a fresh one each time: a search, not the index
        expect(searched.get(rk)).toEqual(indexed.get(rk));
      }
    }
  });

  it('a store file: the first line measured by its head, the cold lines read from the file while it is the one read', async () => {
    const dir = tmpDir('la-store-');
    const file = path.join(dir, 'store.json');
    const lines = Array.from({ length: 3000 }, (_, i) => `c@1\t${id(i)}\t[${i}]`);
    writeFileSync(file, storeText({ 'r@1': ['a', 1] }, lines));
    const r = await readStore(file, 0);
    if (typeof r === 'string') throw new Error(r);
    expect(r.hot.get('r@1')!.valueAt(0)).toBe(1);
    const cold = new Cold(r.cold);
    expect(cold.get(`c@1\t${id(1234)}`)?.value).toEqual([1234]);
    expect(cold.get(`c@1\t${id(99_999)}`)).toBeUndefined();
    // the file replaced by another run's store: its lines are no longer read (misses)
    writeFileSync(
      `${file}.new`,
      storeText(
        { 'r@1': ['a', 1] },
        lines.map((l) => l.replace(/\[(\d+)\]$/, '[-$1]')),
      ),
    );
    const { renameSync } = await import('node:fs');
    renameSync(`${file}.new`, file);
    expect(cold.get(`c@1\t${id(1235)}`)).toBeUndefined();
    expect(new Cold(r.cold).get(`c@1\t${id(7)}`)).toBeUndefined();
    // a store without cold lines; one of the format before (read whole, dropped as another format)
    writeFileSync(file, storeText({ 'r@1': ['a', 2] }, []));
    const bare = await readStore(file, 0);
    expect(typeof bare !== 'string' && bare.cold).toBeNull();
    writeFileSync(file, `${JSON.stringify({ format: FORMAT - 1, tool: VERSION, readers: {} })}\nc@1\tk\t[1]`);
    expect(await readStore(file, 0)).toBe('another format');
    // a head that lies about the line's length: not JSON, dropped
    const text = storeText({ 'r@1': ['a', 3] }, lines.slice(0, 3));
    writeFileSync(
      file,
      text.replace(/"hot":"(\d+)"/, (_, d: string) => `"hot":"${String(Number(d) - 1).padStart(d.length, '0')}"`),
    );
    expect(await readStore(file, 0)).toBe('not JSON');
    expect(coldFile(file, 'no such identity', 0, 10).open()).toBeNull();
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
