import { chmodSync, linkSync, mkdirSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpRepo, write } from '../helpers.js';

describe('Workspace listing', () => {
  it('in a git work tree: tracked plus untracked-not-ignored, built-in excludes, sorted', async () => {
    const dir = tmpRepo(
      {
        '.gitignore': 'secret.txt\n*.log\n',
        'src/a.ts': 'a',
        'src/b.py': 'b',
        'node_modules/x/index.js': 'x',
        'dist/out.js': 'x',
        'pkg/.venv/lib.py': 'x',
        'debug.log': 'x',
      },
      { git: true },
    );
    write(dir, 'untracked.md', 'u');
    write(dir, 'secret.txt', 's');
    const ws = await Workspace.open(dir);
    expect(ws.stats().source).toBe('git');
    expect(ws.files).toEqual(['.gitignore', 'src/a.ts', 'src/b.py', 'untracked.md']);
  });

  it('a subdirectory of a git repository lists paths relative to itself and knows its prefix', async () => {
    const dir = tmpRepo({ 'backend/app/main.py': 'x', 'frontend/a.ts': 'y' }, { git: true });
    const ws = await Workspace.open(path.join(dir, 'backend'));
    expect(ws.files).toEqual(['app/main.py']);
    expect(ws.prefix).toBe('backend');
  });

  it('outside git: a walk that honours nested .gitignore files', async () => {
    const dir = tmpRepo({
      '.gitignore': '*.tmp\nbuildout/\n',
      'a.ts': 'a',
      'x.tmp': 'x',
      'buildout/y.ts': 'y',
      'sub/.gitignore': 'local.ts\n',
      'sub/local.ts': 'l',
      'sub/kept.ts': 'k',
      'node_modules/m.js': 'm',
    });
    const ws = await Workspace.open(dir);
    expect(ws.stats().source).toBe('walk');
    expect(ws.files).toEqual(['.gitignore', 'a.ts', 'sub/.gitignore', 'sub/kept.ts']);
  });

  it('config excludes apply on top', async () => {
    const dir = tmpRepo({ 'a/x.ts': '', 'b/y.ts': '', 'b/gen/z.ts': '' });
    const ws = await Workspace.open(dir, { exclude: ['**/gen/**', 'a'] });
    expect(ws.files).toEqual(['b/y.ts']);
  });

  it('names with spaces and non-ASCII characters survive (git and walk)', async () => {
    const files = { 'docs/my notes.md': 'n', 'src/café/ünïcödé.py': 'u', 'src/日本.ts': 'j' };
    for (const git of [true, false]) {
      const ws = await Workspace.open(tmpRepo(files, { git }));
      expect(ws.files).toEqual(['docs/my notes.md', 'src/café/ünïcödé.py', 'src/日本.ts']);
      expect(await ws.readText('src/café/ünïcödé.py')).toBe('u');
    }
  });

  it('symlink loops and links leading out are not followed; unreadable files survive', async () => {
    const outside = tmpRepo({ 'secret.txt': 'outside' });
    const dir = tmpRepo({ 'a.ts': 'a', 'locked.ts': 'l' });
    mkdirSync(path.join(dir, 'loop'));
    symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop', 'again'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'leak.txt'));
    symlinkSync(outside, path.join(dir, 'outdir'));
    chmodSync(path.join(dir, 'locked.ts'), 0o000);
    const ws = await Workspace.open(dir);
    expect(ws.files).toEqual(['a.ts', 'locked.ts']);
    expect(await ws.readText('leak.txt')).toBeNull();
    expect(await ws.readText('../' + path.basename(outside) + '/secret.txt')).toBeNull();
    if (os.userInfo().uid !== 0) {
      expect(await ws.readText('locked.ts')).toBeNull();
      expect(ws.stats().unreadable).toBeGreaterThan(0);
    }
  });

  it('binary and oversized files are skipped and counted; BOM removed', async () => {
    const dir = tmpRepo({ 'img.png': Buffer.from([0x89, 0x50, 0, 0, 1]), 'big.txt': 'x'.repeat(2000), 'bom.py': '\ufeffimport os\n' });
    const ws = await Workspace.open(dir, { maxTextBytes: 1000 });
    expect(await ws.readText('img.png')).toBeNull();
    expect(await ws.readText('big.txt')).toBeNull();
    expect(await ws.readText('bom.py')).toBe('import os\n');
    expect(ws.stats()).toMatchObject({ skippedBinary: 1, skippedLarge: 1 });
  });

  it('has: every listed name and nothing else, whatever the characters that order them', async () => {
    const names = ['a-b.py', 'a.b.py', 'a/b.py', 'a/b/c.py', 'a0.py', 'A.py', 'é.py', 'z y.py', '日本.py', 'a b/c.py', '_a.py', 'a/b.pyi'];
    const dir = tmpRepo(Object.fromEntries(names.map((n) => [n, 'x = 1\n'])), { git: true });
    write(dir, 'untracked.py', 'y = 2\n'); // listed after the tracked files by git, sorted in by the listing
    for (const ws of [await Workspace.open(dir), await Workspace.open(dir, { blobIds: true }), Workspace.fromList(dir, [...names, 'untracked.py'])]) {
      expect(ws.files).toHaveLength(names.length + 1);
      for (const f of [...names, 'untracked.py']) expect(ws.has(f)).toBe(true);
      for (const f of ['', 'a', 'a/', 'a/b', 'b.py', 'a-b.p', 'A.py ', 'zz.py', '\u0000', 'é', 'a/b.py/x', '../a.py']) expect(ws.has(f)).toBe(false);
    }
  });

  it('select: globs, directory names and excludes', async () => {
    const ws = Workspace.fromList('/r', ['backend/a.py', 'backend/tests/t.py', 'frontend/x.ts', 'README.md']);
    expect(ws.select(['backend'])).toEqual(['backend/a.py', 'backend/tests/t.py']);
    expect(ws.select(['**/*.py'], ['**/tests/**'])).toEqual(['backend/a.py']);
    expect(ws.select(undefined)).toHaveLength(4);
    expect(ws.select(['backend/**', '!backend/tests/**'])).toEqual(['backend/a.py']);
  });

  it('a tree of 100,000 files is listed', async () => {
    const dir = tmpRepo({ 'seed0.ts': '', 'seed1.ts': '' });
    // Hard links: 100,000 directory entries without 100,000 inodes to write and delete.
    for (let d = 0; d < 100; d++) {
      mkdirSync(path.join(dir, `d${d}`));
      for (let f = 0; f < 1000; f++) linkSync(path.join(dir, `seed${d % 2}.ts`), path.join(dir, `d${d}`, `f${f}.ts`)); // ext4 allows 65,000 links per file
    }
    const ws = await Workspace.open(dir);
    expect(ws.files.length).toBe(100_002);
  }, 300_000);
});
