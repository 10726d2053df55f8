import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinExcluded, listFiles } from '../../src/workspace/list.js';
import { BUILTIN_EXCLUDED_DIRS } from '../../src/workspace/excludes.js';
import { tmpRepo, write } from '../helpers.js';
import { rng } from '../secrets/corpus.js';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' }).trim();

/** A name's bytes under dir (names that are not UTF-8 cannot be written from a string). */
const raw = (dir: string, ...parts: (string | number[])[]) => Buffer.concat([Buffer.from(`${dir}/`), ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))]);

describe('the git listing of a root below the work tree', () => {
  const files = {
    'app/ok.ts': 'ok',
    'app/ü/ñ.py': 'u',
    '\uFEFFtop.txt': 'b', // outside the root
    'app/\uFEFFbom.txt': 'b', // a leading U+FEFF is part of the name
    'app/deep/x/vendor/y.ts': 'excluded by a folder deep down',
    'app/build': 'a file named like an excluded folder',
    'app/vendorish/z.ts': 'kept',
    'other/o.ts': 'outside the root',
    'appx/p.ts': 'outside the root, its name starts like it',
  };
  const kept = ['ok.ts', 'vendorish/z.ts', 'ü/ñ.py', '\uFEFFbom.txt']; // sorted by code unit

  it('all names valid UTF-8: the root-relative files, built-in folders left out, blob ids of the unchanged files', async () => {
    const dir = tmpRepo(files, { git: true });
    write(dir, 'app/untracked.ts', 'u');
    write(dir, 'app/ok.ts', 'changed');
    const l = await listFiles(path.join(dir, 'app'), { blobs: true });
    expect(l.prefix).toBe('app');
    expect(l.files).toEqual(['ok.ts', 'untracked.ts', 'vendorish/z.ts', 'ü/ñ.py', '\uFEFFbom.txt']);
    expect(l.badNames).toEqual([]);
    // every unchanged tracked file of the root (the listing decides which are read): not ok.ts (modified) nor untracked.ts
    expect([...l.blobs!.keys()].sort()).toEqual(['build', 'deep/x/vendor/y.ts', 'vendorish/z.ts', 'ü/ñ.py', '\uFEFFbom.txt']);
    expect(l.blobs!.get('ü/ñ.py')).toBe(git(dir, 'rev-parse', 'HEAD:app/ü/ñ.py'));
    // At the top a name starts with U+FEFF: it is part of the name (a decoder must not drop it as a mark).
    expect((await listFiles(dir, { blobs: true })).files).toContain('\uFEFFtop.txt');
  });

  it('names that are not UTF-8 (a Latin-1 byte, an encoded surrogate, an overlong slash) are escaped and counted; the valid ones are the same', async () => {
    const dir = tmpRepo(files, { git: true });
    writeFileSync(raw(dir, 'app/caf', [0xe9], '.txt'), 'x');
    writeFileSync(raw(dir, 'app/s', [0xed, 0xa0, 0x80], '.ts'), 'x');
    writeFileSync(raw(dir, 'app/o', [0xc0, 0xaf], '.ts'), 'x');
    writeFileSync(raw(dir, 'app/node_modules', [0xff]), 'x'); // not a folder, just a name: not excluded
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'bad names');
    const l = await listFiles(path.join(dir, 'app'), { blobs: true });
    expect(l.files).toEqual(kept);
    expect(l.badNames.sort()).toEqual(['caf\\xe9.txt', 'node_modules\\xff', 'o\\xc0\\xaf.ts', 's\\xed\\xa0\\x80.ts']);
    expect([...l.blobs!.keys()].sort()).toEqual(['build', 'deep/x/vendor/y.ts', ...kept]); // the bad names have none: nothing reads them
    const top = await listFiles(dir, { blobs: true }); // each name decoded on its own
    expect(top.files).toContain('\uFEFFtop.txt');
    expect(top.blobs!.has('\uFEFFtop.txt')).toBe(true);
  });

  it('a conflicted file (three index stages) is listed once, without a blob id; a link is not followed nor given one', async () => {
    const dir = tmpRepo({ 'app/c.txt': 'base\n', 'app/k.txt': 'kept\n' }, { git: true });
    git(dir, 'checkout', '-qb', 'other');
    write(dir, 'app/c.txt', 'other\n');
    git(dir, 'commit', '-qam', 'other');
    git(dir, 'checkout', '-q', '-');
    write(dir, 'app/c.txt', 'main\n');
    git(dir, 'commit', '-qam', 'main');
    try {
      git(dir, 'merge', '-q', 'other');
    } catch {
      // the conflict this test wants
    }
    expect(git(dir, 'ls-files', '-s', 'app/c.txt').split('\n')).toHaveLength(3);
    symlinkSync('k.txt', path.join(dir, 'app', 'link.txt'));
    git(dir, 'add', 'app/link.txt');
    const l = await listFiles(path.join(dir, 'app'), { blobs: true });
    expect(l.files).toEqual(['c.txt', 'k.txt']);
    expect(l.skippedSpecial).toBe(1);
    expect([...l.blobs!.keys()]).toEqual(['k.txt']);
  });

  it('tracked files changed in the work tree: modified ones listed without a blob id, deleted ones not listed, a link or a folder in their place not followed', async () => {
    const dir = tmpRepo({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'd.txt': 'd', 'e.txt': 'e', 'node_modules/m.js': 'm' }, { git: true });
    expect(git(dir, 'ls-files', 'node_modules')).toBe('node_modules/m.js');
    write(dir, 'a.txt', 'modified');
    execFileSync('rm', [path.join(dir, 'b.txt'), path.join(dir, 'c.txt'), path.join(dir, 'd.txt'), path.join(dir, 'node_modules/m.js')]);
    symlinkSync('e.txt', path.join(dir, 'c.txt'));
    write(dir, 'd.txt/inside.txt', 'a folder where a file was');
    const l = await listFiles(dir, { blobs: true });
    expect(l.files).toEqual(['a.txt', 'd.txt/inside.txt', 'e.txt']);
    expect(l.skippedSpecial).toBe(1);
    expect([...l.blobs!.keys()]).toEqual(['e.txt']);
    expect(l.blobs!.get('e.txt')).toBe(git(dir, 'rev-parse', 'HEAD:e.txt'));
  });
});

describe('built-in excluded folders', () => {
  it('a path is excluded when any of its segments is a built-in name, in whatever order paths come', () => {
    const random = rng(5);
    const rnd = (n: number) => Math.floor(random() * n);
    const segments = ['a', 'b', 'node_modules', 'vendor', 'vendorish', 'dist', 'x.py', '.venv', 'venvs', '__pycache__', 'src'];
    const paths = Array.from({ length: 2000 }, () => Array.from({ length: 1 + rnd(5) }, () => segments[rnd(segments.length)]).join('/'));
    const builtin = new Set<string>(BUILTIN_EXCLUDED_DIRS);
    for (const order of [paths, [...paths].sort()]) {
      const excluded = builtinExcluded();
      for (const p of order) expect([p, excluded(p)]).toEqual([p, p.split('/').some((s) => builtin.has(s))]);
    }
  });
});
