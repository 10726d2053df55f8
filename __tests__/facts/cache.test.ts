import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DELTA_NAME, FactCache, MAX_STORE_BYTES, plainReader, STORE_NAME, type FactReader, type FileSource } from '../../src/facts/cache.js';
import { attachCache, cachedSync, lookup, lookupKey, lookupMany, store, storeKey, textKey } from '../../src/facts/source.js';
import { PY_IMPORTS } from '../../src/facts/readers.js';
import { scanPython } from '../../src/graph/python-scan.js';
import { FORMAT, storeText } from '../../src/facts/store-file.js';
import { VERSION } from '../../src/version.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});
async function tmp(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'facts-cache-'));
  dirs.push(d);
  return d;
}

/** A tree of in-memory files with git-like blob ids (the text's own hash). */
function tree(files: Record<string, string>, withBlobs = true): FileSource & { reads: number } {
  const t = {
    reads: 0,
    files: Object.keys(files).sort(),
    readTextSync(f: string) {
      t.reads++;
      return files[f] ?? null;
    },
    ...(withBlobs ? { blobOf: (f: string) => (files[f] === undefined ? null : textKey(files[f]!).slice(2)) } : {}),
  };
  return t;
}

/** The statements reader kept in the store's first line (the real one is cold: see 'cold facts'). */
const HOT: FactReader<ReturnType<typeof scanPython>> = { ...PY_IMPORTS, cold: false };

function scan(src: FileSource, file: string, reader = HOT): unknown {
  return cachedSync(src, reader, file, () => {
    const text = src.readTextSync(file);
    return text === null ? null : scanPython(text);
  });
}

async function runOnce(dir: string, files: Record<string, string>, withBlobs = true, reader = HOT) {
  const cache = await FactCache.load(dir);
  const src = tree(files, withBlobs);
  attachCache(src, cache);
  const out = src.files.map((f) => scan(src, f, reader));
  const stats = cache.summary();
  await cache.save();
  return { out, stats, reads: src.reads, cache };
}

const FILES = { 'a.py': 'import os\nfrom .b import c\n', 'b.py': 'def f():\n    import json\n' };

describe('fact cache', () => {
  it('restores a fact for the same blob without reading the file', async () => {
    const dir = await tmp();
    const cold = await runOnce(dir, FILES);
    expect(cold.stats).toMatchObject({ hits: 0, misses: 2 });
    const warm = await runOnce(dir, FILES);
    expect(warm.stats).toMatchObject({ hits: 2, misses: 0 });
    expect(warm.reads).toBe(0);
    expect(warm.out).toEqual(cold.out);
  });

  it('reads a changed file again (another blob id) and only that one', async () => {
    const dir = await tmp();
    await runOnce(dir, FILES);
    const changed = { ...FILES, 'b.py': 'import sys\n' };
    const warm = await runOnce(dir, changed);
    expect(warm.stats).toMatchObject({ hits: 1, misses: 1 });
    expect(warm.out[1]).toEqual(scanPython('import sys\n'));
  });

  it('keys files outside git on a hash of their text', async () => {
    const dir = await tmp();
    await runOnce(dir, FILES, false);
    const warm = await runOnce(dir, FILES, false);
    expect(warm.stats).toMatchObject({ hits: 2, misses: 0 });
    const changed = await runOnce(dir, { ...FILES, 'a.py': 'import re\n' }, false);
    expect(changed.stats).toMatchObject({ hits: 1, misses: 1 });
    expect(changed.out[0]).toEqual(scanPython('import re\n'));
  });

  it('a reader version bump is a miss', async () => {
    const dir = await tmp();
    await runOnce(dir, FILES);
    const cache = await FactCache.load(dir);
    const src = tree(FILES);
    attachCache(src, cache);
    const v2: FactReader<unknown> = { ...HOT, version: `${HOT.version}-next` } as FactReader<unknown>;
    cachedSync(src, v2, 'a.py', () => ['x']);
    expect(cache.summary()).toMatchObject({ hits: 0, misses: 1 });
  });

  it.each([
    ['not JSON', '{"format":1,'],
    ['another tool version', JSON.stringify({ format: FORMAT, tool: `${VERSION}-other`, readers: {} })],
    ['an older format', 'OLD'],
    ['entries that are not key, value pairs', 'PAIRS'],
    ['nested too deeply', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['a wrong shape', 'WRONG'],
  ])('a corrupt or hostile store (%s) is a miss, never an error', async (_what, text) => {
    const dir = await tmp();
    await runOnce(dir, FILES);
    const store = path.join(dir, STORE_NAME);
    if (text === 'WRONG') {
      // entries of the right reader but the wrong shape: a poisoned cache claiming "no imports" as text, or an object graph
      const data = JSON.parse(await fs.readFile(store, 'utf8'));
      // (the objects an older store held; a name that is not text; a kind index out of range, or named)
      const poison = [[{ form: 'from', level: 0, module: 'x', names: [], line: 1, column: 1, kind: 'static' }], [[1, 0, 'x', [1], 1, 1, 0]], [[1, 0, 'x', [], 1, 1, 9]], [[1, 0, 'x', [], 1, 1, '0']]];
      for (const flat of Object.values<unknown[]>(data.readers)) for (let i = 1; i < flat.length; i += 2) flat[i] = poison[((i - 1) / 2) % poison.length];
      Object.defineProperty(data.readers, '__proto__', { value: { polluted: true }, enumerable: true }); // an own key named __proto__, as a hostile store would hold
      await fs.writeFile(store, JSON.stringify(data));
    } else if (text === 'PAIRS') {
      // keys that are not blob ids, a reader's entries as an object, a key without a value
      const data = JSON.parse(await fs.readFile(store, 'utf8'));
      const [r, flat] = Object.entries<unknown[]>(data.readers)[0]!;
      const keys = flat.filter((_, i) => i % 2 === 0);
      data.readers = { [r]: [1, flat[1], { k: 1 }, flat[3], keys[0]], [`${r}x`]: Object.fromEntries([[keys[1], flat[3]]]) };
      await fs.writeFile(store, JSON.stringify(data));
    } else if (text === 'OLD') {
      const data = JSON.parse(await fs.readFile(store, 'utf8'));
      await fs.writeFile(store, JSON.stringify({ ...data, format: 1 }));
    } else await fs.writeFile(store, text);
    const warm = await runOnce(dir, FILES);
    expect(warm.stats).toMatchObject({ hits: 0, misses: 2 });
    expect(warm.out).toEqual([scanPython(FILES['a.py']), scanPython(FILES['b.py'])]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a store larger than the limit is not read', async () => {
    const dir = await tmp();
    await runOnce(dir, FILES);
    await fs.truncate(path.join(dir, STORE_NAME), MAX_STORE_BYTES + 1); // sparse: cheap to make
    const cache = await FactCache.load(dir);
    expect(cache.dropped).toBe('too large');
  });

  it('a store that is a folder or a link is not followed', async () => {
    const dir = await tmp();
    await fs.mkdir(path.join(dir, STORE_NAME));
    expect((await FactCache.load(dir)).dropped).toBe('not a regular file');
    const linked = await tmp();
    await runOnce(linked, FILES);
    await fs.rename(path.join(linked, STORE_NAME), path.join(linked, 'elsewhere.json'));
    await fs.symlink(path.join(linked, 'elsewhere.json'), path.join(linked, STORE_NAME));
    expect((await FactCache.load(linked)).dropped).toBe('not a regular file');
  });

  it('the store holds facts, never file text', async () => {
    const dir = await tmp();
    const secret = 'AKIAQWERTYUIOPASDFGH';
    await runOnce(dir, { 'k.py': `KEY = "${secret}"\nimport os\n` });
    const text = await fs.readFile(path.join(dir, STORE_NAME), 'utf8');
    expect(text).toContain('[0,0,"os",[],2,1,0]'); // import os, line 2: a tuple, not an object
    expect(text).not.toContain(secret);
  });
});

describe('the delta', () => {
  // 40 files: a pull request changing a few adds a few facts beside the store.
  const MANY = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`m${String(i).padStart(2, '0')}.py`, `import os\nfrom . import m${i}\n`]));
  const read = (dir: string, name: string) => fs.readFile(path.join(dir, name), 'utf8');
  const exists = (dir: string, name: string) =>
    fs.lstat(path.join(dir, name)).then(
      () => true,
      () => false,
    );

  it('a run that adds a few facts writes only them, beside an untouched store; the next run restores from both', async () => {
    const dir = await tmp();
    await runOnce(dir, MANY);
    const store = await read(dir, STORE_NAME);
    expect(await exists(dir, DELTA_NAME)).toBe(false);
    const pr = { ...MANY, 'm03.py': 'import sys\n', 'new.py': 'import re\n' };
    const warm = await runOnce(dir, pr);
    expect(warm.stats).toMatchObject({ hits: 39, misses: 2 });
    expect(await read(dir, STORE_NAME)).toBe(store);
    const delta = JSON.parse(await read(dir, DELTA_NAME));
    expect(Object.values<unknown[]>(delta.readers).flat().length).toBe(4); // two keys, two values
    const again = await runOnce(dir, { ...pr, 'm05.py': 'import json\n' });
    expect(again.stats).toMatchObject({ hits: 40, misses: 1 });
    expect(again.out[again.out.length - 1]).toEqual(scanPython('import re\n'));
    expect(await read(dir, STORE_NAME)).toBe(store);
    // the new delta carries the earlier one's facts that are still used, and the new one
    expect(Object.values<unknown[]>(JSON.parse(await read(dir, DELTA_NAME)).readers).flat().length).toBe(6);
    const last = await runOnce(dir, { ...pr, 'm05.py': 'import json\n' });
    expect(last.stats).toMatchObject({ hits: 41, misses: 0 });
    expect(last.reads).toBe(0);
  });

  it('the store is written whole, and the delta removed, when much is new or much of the store is no longer used', async () => {
    const dir = await tmp();
    await runOnce(dir, MANY);
    await runOnce(dir, { ...MANY, 'new.py': 'import re\n' });
    expect(await exists(dir, DELTA_NAME)).toBe(true);
    // a third of the files changed: the store is rewritten
    const changed = Object.fromEntries(Object.entries(MANY).map(([f, t], i) => [f, i % 3 === 0 ? `${t}import sys\n` : t]));
    await runOnce(dir, changed);
    expect(await exists(dir, DELTA_NAME)).toBe(false);
    expect(Object.values<unknown[]>(JSON.parse(await read(dir, STORE_NAME)).readers).flat().length).toBe(80);
    // half the files deleted, nothing new but one: the store is pruned
    const half = Object.fromEntries([...Object.entries(changed).slice(0, 20), ['new.py', 'import re\n']]);
    await runOnce(dir, half);
    expect(await exists(dir, DELTA_NAME)).toBe(false);
    expect(Object.values<unknown[]>(JSON.parse(await read(dir, STORE_NAME)).readers).flat().length).toBe(42);
  });

  it('a reader keyed by blob ids is stored packed: a warm run restores every fact of it, a pull request writes its delta', async () => {
    const dir = await tmp();
    const files = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`p${i}.py`, `import os\nfrom . import p${i}\n`]));
    await runOnce(dir, files);
    const stored = Object.values<unknown>(JSON.parse(await read(dir, STORE_NAME)).readers);
    expect(stored).toEqual([expect.objectContaining({ width: 40, keys: expect.any(String), values: expect.any(Array) })]);
    const warm = await runOnce(dir, files);
    expect(warm.stats).toMatchObject({ hits: 300, misses: 0 });
    expect(warm.reads).toBe(0);
    expect(warm.out).toEqual((await runOnce(await tmp(), files)).out);
    // a pull request: one file changed, its fact in the delta; the next run restores all of them
    const pr = { ...files, 'p7.py': 'import json\n' };
    expect((await runOnce(dir, pr)).stats).toMatchObject({ hits: 299, misses: 1 });
    expect(await exists(dir, DELTA_NAME)).toBe(true);
    expect((await runOnce(dir, pr)).stats).toMatchObject({ hits: 300, misses: 0 });
    // most files changed: the store is written whole again, packed, the delta's fact in it
    const most = Object.fromEntries(Object.entries(pr).map(([f, t], i) => [f, i % 2 ? `${t}import re\n` : t]));
    await runOnce(dir, most);
    expect(await exists(dir, DELTA_NAME)).toBe(false);
    const whole = Object.values<{ values: unknown[] }>(JSON.parse(await read(dir, STORE_NAME)).readers);
    expect(whole[0]!.values.length).toBe(300);
    expect((await runOnce(dir, most)).stats).toMatchObject({ hits: 300, misses: 0 });
  });

  it('a whole rewrite keeps the facts restored from the delta; of two entries with one key the first is used', async () => {
    const dir = await tmp();
    await runOnce(dir, MANY);
    await runOnce(dir, { ...MANY, 'new.py': 'import re\n' });
    expect(await exists(dir, DELTA_NAME)).toBe(true);
    const half = Object.fromEntries([...Object.entries(MANY).slice(0, 20), ['new.py', 'import re\n'], ['other.py', 'import io\n']]);
    const pruned = await runOnce(dir, half);
    expect(pruned.stats).toMatchObject({ hits: 21, misses: 1 });
    expect(await exists(dir, DELTA_NAME)).toBe(false);
    const store = JSON.parse(await read(dir, STORE_NAME));
    const [r, flat] = Object.entries<unknown[]>(store.readers)[0]!;
    expect(flat.length).toBe(44);
    // a second entry for the first key, with another (well-formed) value: the first one stands
    store.readers[r] = [...flat, flat[0], PY_IMPORTS.encode(scanPython('import zlib\n'))];
    await fs.writeFile(path.join(dir, STORE_NAME), storeText(store.readers, [])); // (its head giving the line's new length)
    const again = await runOnce(dir, half);
    expect(again.out).toEqual(pruned.out);
    expect(again.reads).toBe(0);
  });

  it('a corrupt delta costs its own facts only; a delta without its store still counts', async () => {
    const dir = await tmp();
    await runOnce(dir, MANY);
    const pr = { ...MANY, 'new.py': 'import re\n' };
    await runOnce(dir, pr);
    await fs.writeFile(path.join(dir, DELTA_NAME), '{"format":');
    expect((await runOnce(dir, pr)).stats).toMatchObject({ hits: 40, misses: 1 });
    await runOnce(dir, { ...pr, 'new.py': 'import csv\n' }); // a delta again
    await fs.writeFile(path.join(dir, STORE_NAME), 'not a store');
    const cache = await FactCache.load(dir);
    expect(cache.dropped).toBe('not JSON');
    const src = tree({ 'new.py': 'import csv\n' });
    attachCache(src, cache);
    expect(scan(src, 'new.py')).toEqual(scanPython('import csv\n'));
    expect(cache.summary()).toMatchObject({ hits: 1, misses: 0 });
  });
});

describe('whole-tree facts (one value under a key naming what it covers)', () => {
  const WHOLE = plainReader('whole', '1', (v): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string'));
  const MANY = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`m${i}.py`, `import m${i}\n`]));
  /** One run: each file's fact, and the whole-tree value under 'k' read, then replaced by `next` (built before the save). */
  async function run(dir: string, next: string[] | null) {
    const cache = await FactCache.load(dir);
    const src = tree(MANY);
    attachCache(src, cache);
    for (const f of src.files) scan(src, f);
    const restored = lookupKey(src, WHOLE, 'k');
    const order: string[] = [];
    cache.beforeSave(() => {
      order.push('before save');
      if (next) storeKey(src, WHOLE, 'k', next);
    });
    const stats = cache.summary();
    await cache.save();
    return { restored, stats, order };
  }
  const entries = async (dir: string, name: string) => {
    const text = await fs.readFile(path.join(dir, name), 'utf8').catch(() => '{"readers":{}}');
    return Object.entries<unknown[]>(JSON.parse(text).readers).find(([r]) => r.startsWith('whole@'))?.[1] ?? [];
  };

  it('a new value replaces the restored one (in the delta, which a later run reads first); the lookup is not counted', async () => {
    const dir = await tmp();
    const first = await run(dir, ['v1']);
    expect(first.restored).toBeUndefined();
    expect(first.order).toEqual(['before save']);
    expect(first.stats.byReader.whole).toBeUndefined();
    expect(await entries(dir, STORE_NAME)).toEqual(['k', ['v1']]);
    // a few files' facts are used, one value is new: the delta carries it, and it wins over the store's
    const second = await run(dir, ['v2']);
    expect(second.restored).toEqual(['v1']);
    expect(await entries(dir, DELTA_NAME)).toEqual(['k', ['v2']]);
    const third = await run(dir, null);
    expect(third.restored).toEqual(['v2']);
  });

  it('written whole (most files changed), the store holds one entry for the key: the new value, or the restored one kept', async () => {
    const dir = await tmp();
    await run(dir, ['v1']);
    const changedRun = async (text: string, next: string[] | null) => {
      const cache = await FactCache.load(dir);
      const src = tree(Object.fromEntries(Object.keys(MANY).map((f) => [f, text])));
      attachCache(src, cache);
      for (const f of src.files) scan(src, f);
      const restored = lookupKey(src, WHOLE, 'k');
      if (next) storeKey(src, WHOLE, 'k', next);
      await cache.save();
      return restored;
    };
    expect(await changedRun('import sys\n', ['v2'])).toEqual(['v1']);
    expect(await fs.lstat(path.join(dir, DELTA_NAME)).catch(() => null)).toBeNull();
    expect(await entries(dir, STORE_NAME)).toEqual(['k', ['v2']]);
    expect(await changedRun('import re\n', null)).toEqual(['v2']);
    expect(await entries(dir, STORE_NAME)).toEqual(['k', ['v2']]);
  });
});

describe('cold facts', () => {
  const MANY = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`m${String(i).padStart(2, '0')}.py`, `import os\nfrom . import m${i}\n`]));
  const lines = async (dir: string, name: string) => (await fs.readFile(path.join(dir, name), 'utf8')).split('\n');
  /** A run that reads every file's hot fact, and the cold one of the files `cold` names. */
  async function run(dir: string, files: Record<string, string>, cold: (f: string) => boolean) {
    const cache = await FactCache.load(dir);
    const src = tree(files);
    attachCache(src, cache);
    const out = src.files.map((f) => [scan(src, f, HOT), cold(f) ? scan(src, f, PY_IMPORTS) : null]);
    const stats = cache.summary().byReader;
    await cache.save();
    return { out, stats, reads: src.reads };
  }

  it('are kept one per line after the store, carried while their file is in the tree, and restored when needed', async () => {
    const dir = await tmp();
    await run(dir, MANY, () => true);
    const [first, ...cold] = await lines(dir, STORE_NAME);
    expect(Object.keys(JSON.parse(first!).readers)).toEqual([`python-imports@${PY_IMPORTS.version}`]);
    expect(cold).toHaveLength(40);
    expect(cold[0]).toMatch(/^python-imports@2\t[0-9a-f]{40}\t\[\[/);
    // a pull request: the hot facts restored, the cold one needed only for the changed file
    const pr = { ...MANY, 'm03.py': 'import sys\n' };
    const warm = await run(dir, pr, (f) => f === 'm03.py');
    expect(warm.stats['python-imports']).toEqual({ hits: 39, misses: 2 });
    expect(await lines(dir, DELTA_NAME)).toHaveLength(2); // the delta: its hot entries, and one cold line
    // a third of the files changed, no cold fact needed: the store is rewritten whole and the cold
    // facts of the files still there are carried without being read
    const changed = Object.fromEntries(Object.entries(pr).map(([f, t], i) => [f, i % 3 === 1 ? `${t}import json\n` : t]));
    await run(dir, changed, () => false);
    expect(await lines(dir, STORE_NAME)).toHaveLength(1 + 26 + 1); // 26 unchanged files, and m03.py (its cold fact from the delta)
    const all = await run(dir, changed, () => true);
    expect(all.reads).toBe(13); // the 13 changed files: their cold facts were never computed
    expect(all.out).toEqual(Object.values(changed).map((t) => [scanPython(t), scanPython(t)]));
  });

  it('are carried too when the hot facts of their files are keyed by content and path', async () => {
    const dir = await tmp();
    const AT: FactReader<ReturnType<typeof scanPython>> = { ...HOT, id: 'at-path', keyOf: (content, file) => `${content}:${file}` };
    const pass = async (files: Record<string, string>, cold: boolean) => {
      const cache = await FactCache.load(dir);
      const src = tree(files);
      attachCache(src, cache);
      for (const f of src.files) {
        scan(src, f, AT);
        if (cold) scan(src, f, PY_IMPORTS);
      }
      await cache.save();
      return src.reads;
    };
    await pass(MANY, true);
    const changed = Object.fromEntries(Object.entries(MANY).map(([f, t], i) => [f, i % 3 === 1 ? `${t}import json\n` : t]));
    await pass(changed, false); // a third changed: written whole
    expect(await lines(dir, STORE_NAME)).toHaveLength(1 + 27);
  });

  it('a poisoned cold line is a miss, never an error, and costs only its own file', async () => {
    const dir = await tmp();
    await run(dir, MANY, () => true);
    const [first, ...cold] = await lines(dir, STORE_NAME);
    const poisoned = cold.map((l, i) => {
      const [r, k] = l.split('\t');
      return [`${r}\t${k}\tnot JSON`, `${r}\t${k}\t{"__proto__":{"polluted":true}}`, `${r}\t${k}\t[[1,0,"x",[],1,1,9]]`, 'no tabs at all', l][i % 5];
    });
    await fs.writeFile(path.join(dir, STORE_NAME), [first, ...poisoned].join('\n'));
    const again = await run(dir, MANY, () => true);
    expect(again.reads).toBe(32); // 8 of the 40 lines were left as they were
    expect(again.out).toEqual(Object.values(MANY).map((t) => [scanPython(t), scanPython(t)]));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('stored forms', () => {
  it('python imports round-trip through their tuples; any other shape is a miss', () => {
    const list = scanPython('import os, a.b\nfrom ..pkg import (x, y as z)\nif TYPE_CHECKING:\n    from t import T\ndef f():\n    import json\n');
    expect(new Set(list.map((i) => i.kind)).size).toBeGreaterThan(1);
    const stored = JSON.parse(JSON.stringify(PY_IMPORTS.encode(list)));
    expect(PY_IMPORTS.decode(stored)).toEqual(list);
    for (const bad of [
      [{ form: 'from', level: 0, module: 'x', names: [], line: 1, column: 1, kind: 'static' }],
      [[1, 0, 'x', [1], 1, 1, 0]],
      [[1, 0, 'x', [], 1, 1, 9]],
      [[1, 0, 'x', [], 1, 1, '0']],
      [[2, 0, 'x', [], 1, 1, 0]],
      [[1, -1, 'x', [], 1, 1, 0]],
      [[1, 0, 'x', [], 1, 1, 0, 0]],
      'x',
      {},
    ]) {
      expect(PY_IMPORTS.decode(bad)).toBeUndefined();
    }
  });
});

describe('route candidate facts', () => {
  it('a file found to declare no route is not read again; one that may is', async () => {
    const { candidateReader, isCandidate } = await import('../../src/facts/readers.js');
    const re = /\bfastapi\b/;
    const reader = candidateReader('python-route-file', re);
    const dir = await tmp();
    const files = { 'a.py': 'import os\n', 'b.py': 'from fastapi import APIRouter\n' };
    const pass = async () => {
      const cache = await FactCache.load(dir);
      const src = tree(files);
      attachCache(src, cache);
      const got = src.files.map((f) => cachedSync(src, reader, f, () => isCandidate(src.readTextSync(f), re)));
      await cache.save();
      return { got, reads: src.reads };
    };
    expect(await pass()).toEqual({ got: [false, true], reads: 2 });
    expect(await pass()).toEqual({ got: [false, true], reads: 0 });
    // another pattern (a new reader version): read again
    const other = candidateReader('python-route-file', /\bflask\b/);
    expect(other.version).not.toBe(reader.version);
  });

  it('many files looked up at once: the facts, counts and entries kept of one lookup per file', async () => {
    const reader = plainReader('sizes', '1', (v): v is number => typeof v === 'number');
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`f${i}.txt`] = `text ${i}`;
    const dir = await tmp();
    // the store holds f0..f7; the delta (a later run) f8 and f9; f3's entry does not decode
    const first = await FactCache.load(dir);
    const a = tree(files);
    attachCache(a, first);
    for (let i = 0; i < 8; i++) store(a, reader, `f${i}.txt`, i === 3 ? ('x' as unknown as number) : i);
    await first.save();
    const second = await FactCache.load(dir);
    const b = tree(files);
    attachCache(b, second);
    for (let i = 0; i < 8; i++) lookup(b, reader, `f${i}.txt`);
    for (const i of [8, 9]) store(b, reader, `f${i}.txt`, i);
    expect(await second.save()).toBeNull();
    await expect(fs.stat(path.join(dir, DELTA_NAME))).resolves.toBeTruthy();
    const names = [...Object.keys(files), 'untracked.txt'].sort();
    const run = async (many: boolean) => {
      const copy = await tmp();
      await fs.cp(dir, copy, { recursive: true });
      const cache = await FactCache.load(copy);
      const t = tree(files);
      attachCache(t, cache);
      const got = many ? lookupMany(t, reader, names) : names.map((f) => lookup(t, reader, f));
      store(t, reader, 'f10.txt', 10);
      const stats = cache.summary();
      await cache.save();
      const again = await FactCache.load(copy);
      const u = tree(files);
      attachCache(u, again);
      return { got, stats, kept: names.map((f) => lookup(u, reader, f)) };
    };
    const one = await run(false);
    expect(await run(true)).toEqual(one);
    expect(one.got).toEqual(names.map((f) => ({ f0: 0, f1: 1, f2: 2, f4: 4, f5: 5, f6: 6, f7: 7, f8: 8, f9: 9 })[f.slice(0, -4)]));
    expect(one.stats.byReader.sizes).toEqual({ hits: 9, misses: 3 });
    expect(one.kept.filter((v) => v !== undefined)).toHaveLength(10);
  });
});
