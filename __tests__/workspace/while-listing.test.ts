import { rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferLayout } from '../../src/graph/python-resolve.js';
import { pythonNodes, treeLayout, warmTreeLayout } from '../../src/graph/python-tree.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpRepo, write } from '../helpers.js';

// Work started on the tracked files while git walks the work tree (issue 16 item 7): the run takes it
// over only when the listing holds exactly those files; otherwise it is dropped and done again.

const files = {
  'pyproject.toml': '[tool.setuptools]\npackage-dir = {"" = "src"}\n',
  'src/app/__init__.py': '',
  'src/app/a.py': 'from app import b\n',
  'src/app/b.py': 'import os\n',
  'web/x.ts': 'export {};\n',
  'vendor/lib.py': 'x = 1\n',
};

async function open(dir: string, opts: { exclude?: string[]; omit?: string[] } = {}) {
  const seen: Workspace[] = [];
  const ws = await Workspace.open(dir, { blobIds: true, ...opts, whileListing: (p) => seen.push(p) });
  return { ws, provisional: seen };
}

describe('work started while git lists the files', () => {
  it('is given the tracked files as the listing will hold them; the workspace keeps that very list when nothing else is listed', async () => {
    const dir = tmpRepo(files, { git: true });
    const { ws, provisional } = await open(dir, { exclude: ['web/**'] });
    expect(provisional).toHaveLength(1);
    expect(provisional[0]!.files).toEqual(['pyproject.toml', 'src/app/__init__.py', 'src/app/a.py', 'src/app/b.py']); // vendor/: a built-in exclude
    expect(ws.files).toBe(provisional[0]!.files);
    expect(provisional[0]!.blobOf('src/app/a.py')).toBeNull(); // no blob ids: git has not said what changed yet
    expect(provisional[0]!.readTextSync('src/app/a.py')).toBe('from app import b\n');
  });

  it('is dropped when the listing differs: an untracked file, a deleted one, one the run writes that git tracks', async () => {
    for (const change of [
      (dir: string) => write(dir, 'src/app/new.py', 'import os\n'),
      (dir: string) => rmSync(path.join(dir, 'src/app/b.py')),
      (dir: string) => {
        rmSync(path.join(dir, 'src/app/b.py'));
        symlinkSync('a.py', path.join(dir, 'src/app/b.py'));
      },
    ]) {
      const dir = tmpRepo(files, { git: true });
      change(dir);
      const { ws, provisional } = await open(dir);
      expect(provisional).toHaveLength(1);
      expect(ws.files).not.toBe(provisional[0]!.files);
      expect(ws.files).toEqual((await Workspace.open(dir, { blobIds: true })).files);
    }
    const dir = tmpRepo(files, { git: true });
    const { ws, provisional } = await open(dir, { omit: ['src/app/b.py'] }); // tracked: kept by the listing, left out of the provisional one
    expect(ws.files).toContain('src/app/b.py');
    expect(provisional[0]!.files).not.toContain('src/app/b.py');
    expect(ws.files).not.toBe(provisional[0]!.files);
  });

  it('the Python layout computed ahead is the one the run takes, and equals the layout computed then', async () => {
    const dir = tmpRepo(files, { git: true });
    const { ws, provisional } = await open(dir);
    const fresh = treeLayout(Workspace.fromList(dir, [...ws.files]));
    warmTreeLayout(provisional[0]!);
    const taken = treeLayout(ws);
    expect(taken).toBe(treeLayout(provisional[0]!));
    expect(taken.roots).toEqual(fresh.roots);
    expect(taken.roots).toContain('src');
    expect([...taken.moduleNames]).toEqual([...fresh.moduleNames]);
  });

  it('the layout is not computed ahead when inferring the roots would read the import statements', () => {
    // no packaging, no top-level package: the roots come from where the imports resolve
    const tree = {
      'backend/app/core/config.py': 'X = 1\n',
      'backend/app/main.py': 'from app.core import config\n',
    };
    const t = { files: Object.keys(tree).sort(), readTextSync: (f: string) => tree[f as keyof typeof tree] ?? null };
    warmTreeLayout(t);
    const reads: string[] = [];
    const later = treeLayout({ ...t, readTextSync: (f: string) => (reads.push(f), t.readTextSync(f)) });
    expect(reads).toContain('backend/app/main.py'); // computed by the run, from the statements
    expect(later.roots).toEqual(
      inferLayout(pythonNodes(t.files), t.files, undefined, { read: t.readTextSync, statements: () => [{ file: 'backend/app/main.py', names: ['app.core.config', 'app.core'] }] }).roots,
    );
    expect(later.moduleNames.get('backend/app/core/config.py')).toBe('app.core.config');
  });
});
