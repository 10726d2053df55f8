import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DELTA_NAME, FactCache, STORE_NAME } from '../../src/facts/cache.js';
import { attachCache, textKey } from '../../src/facts/source.js';
import { storeText } from '../../src/facts/store-file.js';
import { PythonGraphs } from '../../src/graph/python.js';
import { decodeValue, encodeFlat, encodeValue, type PlainImports } from '../../src/graph/python-cache.js';
import { rng } from '../secrets/corpus.js';
import type { ModuleGraph } from '../../src/graph/types.js';
import type { Workspace } from '../../src/workspace/workspace.js';

// Issue 16 item 7: a warm run reuses each Python file's resolved imports when its content, its path
// and the tree's Python paths are those of the stored run (one value per layout, python-cache.ts);
// whatever else changed, and whatever the restored value holds, the graph is the one a build
// without any cache gives.

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

/** An in-memory tree with git-like blob ids; `null` text = unreadable. */
function tree(files: Record<string, string | null>) {
  const t = {
    reads: [] as string[],
    files: Object.keys(files).sort(),
    readTextSync(f: string) {
      t.reads.push(f);
      return files[f] ?? null;
    },
    blobOf: (f: string) => (typeof files[f] === 'string' ? textKey(files[f]!).slice(2) : null),
  };
  return t;
}

async function build(files: Record<string, string | null>, dir?: string) {
  const t = tree(files);
  const cache = dir ? await FactCache.load(dir) : undefined;
  if (cache) attachCache(t, cache);
  const logs: string[] = [];
  const graph = await new PythonGraphs(t as unknown as Workspace, {}, (m) => logs.push(m)).graph();
  const stats = cache?.summary().byReader['python-resolved'] ?? { hits: 0, misses: 0 };
  if (cache) await cache.save();
  return { graph, logs, reads: t.reads.filter((f) => f.endsWith('.py')), stats };
}

/** A build without any cache: what every cached build must equal. */
const fresh = (files: Record<string, string | null>) => build(files);

function same(a: { graph: ModuleGraph; logs: string[] }, b: { graph: ModuleGraph; logs: string[] }): void {
  expect(a.graph).toEqual(b.graph);
  expect(a.logs).toEqual(b.logs);
}

async function tmp(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'py-resolved-'));
  dirs.push(d);
  return d;
}

const BASE: Record<string, string | null> = {
  'app/__init__.py': '',
  'app/a.py': 'import os\nfrom app import b\nfrom . import c\nfrom app.gone import x\n',
  'app/b.py': 'from app.c import f\nimport app.a\n',
  'app/c.py': 'def f():\n    from app import a\n',
  'app/broken.py': null,
  'tools/run.py': 'import helper\nfrom app import b\n',
  'tools/helper.py': '',
};

describe('resolved Python imports kept between runs', () => {
  it('a second run over the same paths with one file changed restores the others and gives the fresh graph', async () => {
    const dir = await tmp();
    const cold = await build(BASE, dir);
    same(cold, await fresh(BASE));
    expect(cold.graph.unresolved).toEqual([{ from: 'app/a.py', specifier: 'app.gone', line: 4 }]);
    expect(cold.logs[0]).toContain('1 unreadable');

    const changed = { ...BASE, 'app/b.py': 'from app.c import f\n' };
    const warm = await build(changed, dir);
    same(warm, await fresh(changed));
    // every readable file but the changed one restored (the empty ones share one blob: stored once, per path)
    expect(warm.reads).toEqual(expect.arrayContaining(['app/b.py', 'app/broken.py']));
    expect(warm.reads).not.toContain('app/a.py');
    expect(warm.reads).not.toContain('app/c.py');
    expect(warm.reads).not.toContain('tools/run.py');
    expect(warm.stats.hits).toBeGreaterThanOrEqual(3);
  });

  it('an added module invalidates every resolution (imports are not read again) and resolves what it now names', async () => {
    const dir = await tmp();
    await build(BASE, dir);
    const added = { ...BASE, 'app/gone.py': 'x = 1\n' };
    const warm = await build(added, dir);
    same(warm, await fresh(added));
    expect(warm.stats.hits).toBe(0);
    expect(warm.reads.filter((f) => f !== 'app/broken.py')).toEqual(['app/gone.py']);
    expect(warm.graph.unresolved).toEqual([]);
    expect(warm.graph.edges).toContainEqual(expect.objectContaining({ from: 'app/a.py', to: 'app/gone.py', specifier: 'app.gone' }));
    // and the run after it restores everything again
    const again = await build(added, dir);
    same(again, warm);
    expect(again.reads.filter((f) => f !== 'app/broken.py')).toEqual([]);
  });

  it('a renamed module: imports of the old name become unresolved, imports of the new one resolve', async () => {
    const dir = await tmp();
    await build(BASE, dir);
    const { 'app/c.py': c, ...rest } = BASE;
    const renamed = { ...rest, 'app/d.py': c!, 'tools/run.py': 'import helper\nfrom app import d\n' };
    const warm = await build(renamed, dir);
    same(warm, await fresh(renamed));
    expect(warm.graph.edges).toContainEqual(expect.objectContaining({ from: 'tools/run.py', to: 'app/d.py' }));
    expect(warm.graph.unresolved).toContainEqual({ from: 'app/b.py', specifier: 'app.c', line: 1 });
  });

  it('the same content at two paths resolves for each path', async () => {
    const dir = await tmp();
    const twins = { 'p/__init__.py': '', 'p/x.py': '', 'p/m.py': 'from . import x\n', 'q/__init__.py': '', 'q/x.py': '', 'q/m.py': 'from . import x\n' };
    await build(twins, dir);
    for (let i = 0; i < 2; i++) {
      const warm = await build(twins, dir);
      same(warm, await fresh(twins));
      expect(warm.graph.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['p/m.py>p/x.py', 'q/m.py>q/x.py']);
      // each restored for its own path (the empty files too): nothing read, nothing resolved again
      expect(warm.stats).toEqual({ hits: 6, misses: 0 });
      expect(warm.reads).toEqual([]);
    }
  });

  /** The stored value of the layout's resolved imports, changed by `edit`, written back. */
  async function poison(dir: string, edit: (v: [number, string[], unknown[]]) => unknown) {
    // poisoned as the run sees it (decodeValue), stored as the store keeps it (encodeValue) when it still can be
    await poisonStored(dir, (value) => {
      const edited = edit(decodeValue(value) as [number, string[], unknown[]]);
      return Array.isArray(edited) ? encodeValue(edited as PlainImports) : edited;
    });
  }

  /** The stored value of the layout's resolved imports, as stored, changed by `edit`, written back. */
  async function poisonStored(dir: string, edit: (v: unknown[]) => unknown) {
    const file = path.join(dir, STORE_NAME);
    const [first, ...cold] = (await fs.readFile(file, 'utf8')).split('\n');
    const store = JSON.parse(first!);
    const r = Object.keys(store.readers).find((k) => k.startsWith('python-resolved@'))!;
    const [key, value] = store.readers[r];
    store.readers[r] = [key, edit(value)];
    await fs.writeFile(file, storeText(store.readers, cold));
  }

  /** A store poisoned by each of `edits` restores nothing: every file resolved again, the graph a fresh build's. */
  async function restoresNothing<E>(edits: E[], apply: (dir: string, edit: E) => Promise<void>) {
    for (const edit of edits) {
      const dir = await tmp();
      await build(BASE, dir);
      await apply(dir, edit);
      const warm = await build(BASE, dir);
      same(warm, await fresh(BASE));
      expect(warm.stats.hits).toBe(0);
    }
  }

  /** Where module `m`'s part starts in a value's flat values (each part: edge count, edges, unresolved count, unresolved). */
  function partOf(flat: readonly unknown[], m: number): number {
    let p = 0;
    for (let i = 0; i < m; i++) p += 2 + 5 * (flat[p] as number) + 2 * (flat[p + 1 + 5 * (flat[p] as number)] as number);
    return p;
  }

  it('the stored form: integers of either sign up to 2^30 and strings round-trip; anything else comes back as text (a miss)', () => {
    const rand = rng(30);
    const pool = ['', 'app.m1', 'é', '😀', 'a,b', 'x'.repeat(300)];
    for (let round = 0; round < 20; round++) {
      const flat: (number | string)[] = [];
      for (let i = 0; i < 500; i++) {
        const r = rand();
        flat.push(
          r < 0.2
            ? pool[Math.floor(rand() * pool.length)]!
            : r < 0.3
              ? -Math.floor(rand() * 2 ** 30 - 1)
              : r < 0.5
                ? [0, 1, 127, 128, 16383, 16384, 2 ** 21, 2 ** 28, 2 ** 30 - 1][Math.floor(rand() * 9)]!
                : Math.floor(rand() * 50_000),
        );
      }
      const blobs = flat.slice(0, 7).map((_, i) => (i % 3 === 0 ? '' : `${i}`.repeat(40).slice(0, 40)));
      expect(decodeValue(encodeValue([7, blobs, flat]))).toEqual([7, blobs, flat]);
      expect(decodeValue(encodeValue([9, [1, 4], blobs.slice(0, 2), flat]))).toEqual([9, [1, 4], blobs.slice(0, 2), flat]);
    }
    expect(decodeValue(encodeValue([0, [], []]))).toEqual([0, [], []]);
    expect(decodeValue(encodeValue([1, [''], [0, 0]]))).toEqual([1, [''], [0, 0]]);
    expect(decodeValue(encodeValue([1, ['a'], [2 ** 30, -(2 ** 30), 1.5, Number.NaN]]))).toEqual([1, ['a'], ['1073741824', '-1073741824', '1.5', 'NaN']]);
    const { data } = encodeFlat([2 ** 30 - 1]);
    expect(Buffer.from(data, 'base64').length).toBe(5);
  });

  it('a stored value that does not decode is a miss for every file; a string a module part names that is no string costs that file only', async () => {
    const whole = [
      (v: unknown[]) => [
        v[0],
        v[1],
        Buffer.from(v[2] as string, 'base64')
          .subarray(0, -1)
          .toString('base64'),
        v[3],
      ], // a value cut short
      (v: unknown[]) => [v[0], v[1], Buffer.concat([Buffer.from(v[2] as string, 'base64'), Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])]).toString('base64'), v[3]], // six bytes: longer than any value
      (v: unknown[]) => [v[0], v[1], v[2], 'not a list'],
      (v: unknown[]) => [v[0], `${v[1]},`, v[2], v[3]], // one blob id more than modules
      (v: unknown[]) => [v[0], (v[1] as string).split(','), v[2], v[3]], // the ids as a list
    ];
    await restoresNothing(whole, poisonStored);
    // app/a.py's first edge names a specifier by a string the value does not have
    const a = Object.keys(BASE).sort().indexOf('app/a.py');
    const dir = await tmp();
    await build(BASE, dir);
    await poisonStored(dir, (v) => {
      const [n, blobs, flat] = decodeValue(v) as [number, string[], (number | string)[]];
      const p = partOf(flat, a);
      expect(flat[p]).toBeGreaterThan(0);
      const stored = encodeValue([n, blobs, flat.map((x, i) => (i === p + 2 ? 'MARK' : x))]) as unknown[];
      return [stored[0], stored[1], stored[2], (stored[3] as unknown[]).map((x) => (x === 'MARK' ? 42 : x))];
    });
    const warm = await build(BASE, dir);
    same(warm, await fresh(BASE));
    expect(warm.stats).toEqual({ hits: 5, misses: 1 });
  });

  it('a restored value whose frame does not fit is a miss for every file; a module part that does not fit costs that file only', async () => {
    const frames: ((v: [number, string[], unknown[]]) => unknown)[] = [
      (v) => [v[0] + 1, v[1], v[2]],
      (v) => [v[0], v[1].slice(1), v[2]],
      (v) => [v[0], v[1], [...v[2], 0]],
      (v) => [v[0], v[1], v[2].slice(0, -1)],
      (v) => [v[0], v[1], v[2].map((x, i) => (i === 0 ? 1e9 : x))],
      (v) => [v[0], v[1], v[2].map((x, i) => (i === 0 ? -1 : x))],
      () => ({ __proto__: { polluted: true } }),
      () => 'x',
    ];
    await restoresNothing(frames, poison);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // app/a.py's edges: its first target out of range, a self edge, a bad kind, a non-string specifier
    const a = Object.keys(BASE).sort().indexOf('app/a.py');
    for (const [offset, bad] of [
      [1, 999],
      [1, a],
      [5, 9],
      [2, 7],
    ] as const) {
      const dir = await tmp();
      await build(BASE, dir);
      await poison(dir, ([n, blobs, flat]) => {
        const p = partOf(flat, a);
        expect(flat[p]).toBeGreaterThan(0);
        const out = [...flat];
        out[p + offset] = bad;
        return [n, blobs, out];
      });
      const warm = await build(BASE, dir);
      same(warm, await fresh(BASE));
      // resolved again (from its statements, kept apart), the others restored
      expect(warm.stats).toEqual({ hits: 5, misses: 1 });
      // and the part written back is the one resolved again
      const again = await build(BASE, dir);
      same(again, warm);
      expect(again.stats).toEqual({ hits: 6, misses: 0 });
    }
  });

  it('a run that reads only some files keeps the others for the next run, while their content is unchanged', async () => {
    const dir = await tmp();
    await build(BASE, dir);
    const changed = { ...BASE, 'app/c.py': 'def f():\n    from app import a\n\n', 'tools/run.py': 'import helper\n' };
    // app/c.py selected: it and what it imports restored or (c, changed) resolved; tools/ neither read nor resolved
    const t = tree(changed);
    const cache = await FactCache.load(dir);
    attachCache(t, cache);
    const scoped = await new PythonGraphs(t as unknown as Workspace, {}, () => {}).graph(() => (f) => f.startsWith('app/c'));
    expect(scoped.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['app/a.py>app/b.py', 'app/a.py>app/c.py', 'app/b.py>app/c.py', 'app/b.py>app/a.py', 'app/c.py>app/a.py']);
    expect(t.reads.filter((f) => f.endsWith('.py'))).toEqual(['app/c.py']);
    await cache.save();
    const next = await build(changed, dir);
    same(next, await fresh(changed));
    expect(next.reads.filter((f) => f !== 'app/broken.py')).toEqual(['tools/run.py']);
    expect(next.stats).toEqual({ hits: 5, misses: 1 }); // app/c.py as resolved then, tools/helper.py kept though the scoped run did not read it
  });

  it('the statements of files whose imports the kept value holds stay in the store, so a later layout change reads no file again', async () => {
    const dir = await tmp();
    await build(BASE, dir);
    // a pull request changing one file: the value is replaced (the store, one entry, is written whole)
    const changed = { ...BASE, 'app/b.py': 'from app.c import f\n' };
    const warm = await build(changed, dir);
    same(warm, await fresh(changed));
    // then a file is added: another layout, every file resolved again from its stored statements
    const added = { ...changed, 'app/gone.py': 'x = 1\n' };
    const next = await build(added, dir);
    same(next, await fresh(added));
    expect(next.reads.filter((f) => f !== 'app/broken.py')).toEqual(['app/gone.py']);
  });

  it('explicit python-roots are part of what a stored resolution is for', async () => {
    const dir = await tmp();
    const files = { 'src/pkg/__init__.py': '', 'src/pkg/a.py': 'from pkg import b\n', 'src/pkg/b.py': '' };
    const withRoots = async (roots: string[] | undefined) => {
      const t = tree(files);
      const cache = await FactCache.load(dir);
      attachCache(t, cache);
      const g = await new PythonGraphs(t as unknown as Workspace, roots ? { roots } : {}, () => {}).graph();
      await cache.save();
      return g;
    };
    const inferred = await withRoots(undefined);
    expect(inferred.edges.map((e) => e.to)).toEqual(['src/pkg/b.py']);
    const wrong = await withRoots(['.']);
    expect(wrong.edges).toEqual([]);
    expect(wrong.unresolved).toEqual([]);
    expect(await withRoots(undefined)).toEqual(inferred);
  });

  it('statements restored for another layout that are not what the reader stores are read again from the file', async () => {
    const dir = await tmp();
    await build(BASE, dir);
    // the statements are cold lines after the store's first: poison each
    const file = path.join(dir, STORE_NAME);
    const [first, ...cold] = (await fs.readFile(file, 'utf8')).split('\n');
    expect(cold.length).toBeGreaterThanOrEqual(4);
    const poison = ['not JSON', '[[1,0,"x",[],1,1,9]]', '{"__proto__":{"polluted":true}}', JSON.stringify('x'.repeat(2 << 20))];
    const poisoned = cold.map((l, i) => `${l.split('\t').slice(0, 2).join('\t')}\t${poison[i % poison.length]}`);
    await fs.writeFile(file, [first, ...poisoned].join('\n'));
    const added = { ...BASE, 'app/gone.py': 'x = 1\n' }; // another layout: stored statements would be used
    const warm = await build(added, dir);
    same(warm, await fresh(added));
    expect(warm.reads).toEqual(expect.arrayContaining(['app/a.py', 'app/b.py', 'app/c.py', 'tools/run.py']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // A pull request that changes a few modules of a large tree keeps a patch beside the whole value
  // instead of writing every module's imports again.
  const MODULES = 40;
  const big = (edit: Record<string, string> = {}): Record<string, string | null> => {
    const files: Record<string, string | null> = { 'app/__init__.py': '' };
    for (let i = 0; i < MODULES; i++) files[`app/m${i}.py`] = i === 0 ? 'import os\n' : `from app import m${i - 1}\nfrom app.gone${i % 3} import x\n`;
    return { ...files, ...edit };
  };

  /** The stored python-resolved values of `dir` (store and delta), by key. */
  async function values(dir: string): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    for (const name of [STORE_NAME, DELTA_NAME]) {
      const text = await fs.readFile(path.join(dir, name), 'utf8').catch(() => null);
      if (text === null) continue;
      const store = JSON.parse(text.split('\n')[0]!);
      for (const [r, flat] of Object.entries(store.readers as Record<string, unknown[]>)) {
        if (!r.startsWith('python-resolved@')) continue;
        for (let j = 0; j < flat.length; j += 2) out.set(flat[j] as string, flat[j + 1]);
      }
    }
    return out;
  }

  it('a pull request changing a few modules keeps a patch of them beside the whole value; the next run restores both', async () => {
    const dir = await tmp();
    await build(big(), dir);
    const [[key, whole]] = [...(await values(dir))];
    expect((whole as unknown[]).length).toBe(4); // count, blob ids, flat, flat's strings
    const pr = big({ 'app/m5.py': 'from app import m1\n', 'app/m9.py': 'import app.m30\n' });
    const warm = await build(pr, dir);
    same(warm, await fresh(pr));
    expect(warm.reads.sort()).toEqual(['app/m5.py', 'app/m9.py']);
    const kept = await values(dir);
    // the whole value as it was, and a patch of the two modules resolved anew
    expect(kept.get(key!)).toEqual(whole);
    const patch = kept.get(`${key}+`) as unknown[];
    const names = Object.keys(pr).sort();
    expect(patch[0]).toBe(names.length);
    expect(patch[1]).toEqual([names.indexOf('app/m5.py'), names.indexOf('app/m9.py')]);
    // the next run reads and resolves nothing
    const next = await build(pr, dir);
    same(next, warm);
    expect(next.reads).toEqual([]);
    expect(next.stats).toEqual({ hits: names.length, misses: 0 });
    // a module changed back is restored from the whole value; one changed again replaces its patched part
    const back = big({ 'app/m9.py': 'import app.m31\n' });
    const third = await build(back, dir);
    same(third, await fresh(back));
    expect(third.reads).toEqual(['app/m9.py']);
    expect(decodeValue((await values(dir)).get(`${key}+`))).toEqual([names.length, [names.indexOf('app/m9.py')], [expect.any(String)], expect.any(Array)]);
  });

  it('a patch that would hold more than a quarter of the modules: the whole value is written anew and the patch dropped', async () => {
    const dir = await tmp();
    await build(big(), dir);
    const [[key]] = [...(await values(dir))];
    const few = big({ 'app/m1.py': 'import os\n' });
    await build(few, dir);
    expect((await values(dir)).has(`${key}+`)).toBe(true);
    const edits: Record<string, string> = {};
    for (let i = 1; i <= MODULES / 4 + 1; i++) edits[`app/m${i}.py`] = `import app.m${i + 1}\n`;
    const many = big(edits);
    const warm = await build(many, dir);
    same(warm, await fresh(many));
    const kept = await values(dir);
    expect([...kept.keys()]).toEqual([key]);
    const next = await build(many, dir);
    same(next, warm);
    expect(next.reads).toEqual([]);
  });

  it('a restored patch whose frame or parts do not fit costs the modules it names only', async () => {
    const frames: ((v: unknown[]) => unknown)[] = [
      (v) => [v[0], [...(v[1] as number[])].reverse(), v[2], v[3]], // places out of order
      (v) => [v[0], (v[1] as number[]).map(() => 1e6), v[2], v[3]], // beyond the modules
      (v) => [v[0], v[1], (v[2] as string[]).slice(1), v[3]],
      (v) => [v[0], v[1], v[2], [...(v[3] as unknown[]), 0]],
      (v) => [(v[0] as number) + 1, v[1], v[2], v[3]],
      (v) => [v[0], (v[1] as number[]).map(String), v[2], v[3]],
      (v) => [v[0], v[1], v[2], (v[3] as unknown[]).map((x, i) => (i === 1 ? 1e9 : x))], // an edge to no module
      () => ({ __proto__: { polluted: true } }),
    ];
    const pr = big({ 'app/m5.py': 'from app import m1\n', 'app/m9.py': 'import app.m30\n' });
    for (const frame of frames) {
      const dir = await tmp();
      await build(big(), dir);
      await build(pr, dir);
      const file = path.join(dir, DELTA_NAME);
      const text = await fs.readFile(file, 'utf8').catch(() => null);
      const target = text === null ? path.join(dir, STORE_NAME) : file;
      const [first, ...cold] = (await fs.readFile(target, 'utf8')).split('\n');
      const store = JSON.parse(first!);
      const r = Object.keys(store.readers).find((k) => k.startsWith('python-resolved@'))!;
      const flat = store.readers[r] as unknown[];
      const at = flat.findIndex((k) => typeof k === 'string' && k.endsWith('+'));
      expect(at).toBeGreaterThanOrEqual(0);
      const edited = frame(decodeValue(flat[at + 1]) as unknown[]);
      flat[at + 1] = Array.isArray(edited) ? encodeValue(edited as PlainImports) : edited;
      await fs.writeFile(target, storeText(store.readers, cold));
      const warm = await build(pr, dir);
      same(warm, await fresh(pr));
      // the patched modules resolved again from their kept statements, every other restored
      expect(warm.reads).toEqual([]);
      expect(warm.stats.misses).toBeGreaterThanOrEqual(1);
      expect(warm.stats.misses).toBeLessThanOrEqual(2);
      expect(warm.stats.hits + warm.stats.misses).toBe(Object.keys(pr).length);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
