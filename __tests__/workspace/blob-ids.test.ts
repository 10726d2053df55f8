import { describe, expect, it } from 'vitest';
import { ArrayIds, BlobIds, type IdList, PackedIds } from '../../src/workspace/blob-ids.js';

/** A small deterministic generator (the test's draws are the same every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PARTS = ['a', 'b', 'sub', 'src', 'é', 'z y', 'a-b', 'a.b', 'A', '_', '0', '日本', '\u{1F600}', '\uFFFD', 'ü'];

/** `count` distinct paths in git's order (by their UTF-8 bytes), each with an id or none. */
function indexOf(rand: () => number, count: number, astral: boolean): { names: string[]; ids: (string | null)[] } {
  const parts = astral ? PARTS : PARTS.filter((p) => !/[\u{10000}-\u{10FFFF}]/u.test(p));
  const set = new Set<string>();
  while (set.size < count) {
    const depth = 1 + Math.floor(rand() * 3);
    const segs = Array.from({ length: depth }, () => parts[Math.floor(rand() * parts.length)]!);
    set.add(`${segs.join('/')}${rand() < 0.5 ? '.py' : '.ts'}`);
  }
  const names = [...set].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  const ids = names.map((_, i) => (rand() < 0.8 ? i.toString(16).padStart(40, '0') : null));
  return { names, ids };
}

/** The same ids as one string each and packed end to end (git-index.ts). */
function idLists(ids: readonly (string | null)[]): IdList[] {
  const present = Uint8Array.from(ids, (id) => (id ? 1 : 0));
  return [new ArrayIds([...ids]), new PackedIds(ids.map((id) => id ?? 'x'.repeat(40)).join(''), 40, present)];
}

describe('BlobIds: the index blob ids of the listed files, read off git’s sorted arrays', () => {
  it('answers as a map of the root’s names would: in order, out of order, after drops, under a prefix, with names git orders otherwise than `<`', () => {
    for (const astral of [false, true]) {
      for (const seed of [1, 2, 3]) {
        const rand = random(seed);
        const { names, ids } = indexOf(rand, 400, astral);
        for (const prefix of ['', 'sub', 'a/b']) {
          const within = prefix ? `${prefix}/` : '';
          for (const list of idLists(ids)) {
            const reference = new Map<string, string>();
            names.forEach((n, i) => {
              if (ids[i] && n.startsWith(within)) reference.set(n.slice(within.length), ids[i]!);
            });
            const blobs = new BlobIds(names, list, prefix);
            expect([...blobs]).toEqual([...reference]);
            const rels = names.filter((n) => n.startsWith(within)).map((n) => n.slice(within.length));
            const asked = [...rels, ...rels.slice().reverse(), ...rels.map(() => rels[Math.floor(rand() * rels.length)]!), 'missing.py', '', `${rels[0] ?? 'x'}/more`];
            for (const rel of asked) {
              expect(blobs.get(rel)).toBe(reference.get(rel));
              expect(blobs.has(rel)).toBe(reference.has(rel));
            }
            for (const rel of rels.filter(() => rand() < 0.3)) {
              expect(blobs.drop(rel)).toBe(reference.delete(rel));
              expect(blobs.drop(rel)).toBe(false);
            }
            for (const rel of rels) expect(blobs.get(rel)).toBe(reference.get(rel));
            expect(blobs.keys()).toEqual([...reference.keys()]);
          }
        }
      }
    }
  });

  it('a name outside the root is never one of its files', () => {
    const blobs = new BlobIds(['app/a.py', 'apps/b.py', 'lib/c.py'], new ArrayIds(['1'.repeat(40), '2'.repeat(40), '3'.repeat(40)]), 'app');
    expect(blobs.get('a.py')).toBe('1'.repeat(40));
    expect(blobs.get('../apps/b.py')).toBeUndefined();
    expect(blobs.get('s/b.py')).toBeUndefined();
    expect(blobs.keys()).toEqual(['a.py']);
  });
});
