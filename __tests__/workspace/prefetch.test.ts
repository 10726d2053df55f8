import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prefetch } from '../../src/cli/prefetch.js';
import { listFiles } from '../../src/workspace/list.js';
import { dropPrefetched, prefetchListing } from '../../src/workspace/prefetch.js';
import { tmpDir, tmpRepo, write } from '../helpers.js';

const registry = () => (globalThis as Record<symbol, Map<string, { result: Promise<unknown>; abort: AbortController }> | undefined>)[Symbol.for('living-architecture.listing-prefetch')];

/** What was started early and not taken yet: [work tree, root, command] of each. */
function started(): [string, string, string][] {
  return [...(registry()?.keys() ?? [])].map((k) => {
    const [, workTree, root, command] = JSON.parse(k) as string[];
    return [workTree!, root!, command!];
  });
}

/** The files read ahead and not taken yet. */
function readsAhead(): string[] {
  const reg = (globalThis as Record<symbol, Map<string, unknown> | undefined>)[Symbol.for('living-architecture.read-ahead')];
  return [...(reg?.keys() ?? [])].map((k) => k.replace(/^[^:]*:\d+:/, '')).sort(); // (keys: `front:bound:file`)
}

afterEach(() => dropPrefetched());

describe('git started before the CLI is loaded', () => {
  const files = { 'app/a.py': 'import os\n', 'app/b.ts': 'export {};\n', 'other/c.py': '\n' };

  it('the listing takes the commands started early: it sees the tree as git saw it then', async () => {
    const dir = realpathSync(tmpRepo(files, { git: true }));
    prefetchListing(dir, true);
    expect(started().map(([w, r, c]) => [w === dir, r === dir, c])).toEqual([
      [true, true, 'others'],
      [true, true, 'changed'],
    ]);
    expect(readsAhead()).toEqual([path.join(dir, '.git', 'index')]);
    // git's walks are what the listing gets: once they have ended, change the tree
    await Promise.all([...registry()!.values()].map((s) => s.result));
    write(dir, 'app/late.py', 'x = 1\n');
    const first = await listFiles(dir, { blobs: true });
    expect(started()).toEqual([]);
    expect(readsAhead()).toEqual([]);
    const again = await listFiles(dir, { blobs: true });
    expect(again.files).toContain('app/late.py');
    expect(first.files).toEqual(again.files.filter((f) => f !== 'app/late.py'));
    expect(first.files).toEqual(['app/a.py', 'app/b.ts', 'other/c.py']);
  });

  it('without blob ids one command; a listing of another folder or kind starts its own, and the same listing as before results', async () => {
    const dir = realpathSync(tmpRepo(files, { git: true }));
    write(dir, 'app/new.ts', 'export {};\n');
    prefetchListing(dir, false);
    expect(started().map(([, , c]) => c)).toEqual(['all']);
    // another root, another kind: not taken
    const sub = await listFiles(path.join(dir, 'app'), { blobs: false });
    expect(sub.files).toEqual(['a.py', 'b.ts', 'new.ts']);
    const withBlobs = await listFiles(dir, { blobs: true });
    expect(started().map(([, , c]) => c)).toEqual(['all']);
    const taken = await listFiles(dir, { blobs: false });
    expect(started()).toEqual([]);
    expect(taken.files).toEqual(withBlobs.files);
    expect(taken.files).toEqual(['app/a.py', 'app/b.ts', 'app/new.ts', 'other/c.py']);
  });

  it('nothing starts outside a repository or for a folder that is not there; what no listing took is stopped', async () => {
    const plain = realpathSync(tmpRepo(files));
    prefetchListing(plain, true);
    prefetchListing(path.join(plain, 'missing'), true);
    expect(started()).toEqual([]);
    const dir = realpathSync(tmpRepo(files, { git: true }));
    prefetchListing(dir, true);
    prefetchListing(dir, true); // once
    expect(started()).toHaveLength(2);
    dropPrefetched();
    expect(started()).toEqual([]);
    expect((await listFiles(dir, { blobs: true })).files).toEqual(['app/a.py', 'app/b.ts', 'other/c.py']);
  });

  it('when git cannot tell what changed (diff-files fails), no file has a blob id and every tracked file is looked at', async () => {
    const dir = realpathSync(tmpRepo({ ...files, 'gone.py': 'x = 1\n', 'linked.py': 'y = 2\n', 'folder.py': 'z = 3\n' }, { git: true }));
    rmSync(path.join(dir, 'gone.py'));
    rmSync(path.join(dir, 'linked.py'));
    symlinkSync('app/a.py', path.join(dir, 'linked.py'));
    rmSync(path.join(dir, 'folder.py'));
    mkdirSync(path.join(dir, 'folder.py'));
    const expected = { files: ['app/a.py', 'app/b.ts', 'other/c.py'], skippedSpecial: 1 };
    const plain = await listFiles(dir, { blobs: true });
    expect(plain).toMatchObject(expected);
    expect([...plain.blobs!.keys()].sort()).toEqual(['app/a.py', 'app/b.ts', 'other/c.py']);
    // diff-files failing, as git's answer to the listing's own command
    prefetchListing(dir, true);
    const key = [...registry()!.keys()].find((k) => k.endsWith('"changed"]'))!;
    const entry = registry()!.get(key)!;
    entry.abort.abort(); // the real one is not waited for
    entry.result = Promise.resolve({ ok: false, code: 128, out: Buffer.alloc(0), err: 'fatal: something' });
    const failed = await listFiles(dir, { blobs: true });
    expect(failed).toMatchObject(expected);
    expect(failed.blobs).toBeUndefined();
  });

  it("the door's arguments: `check` as its parser reads them, nothing else", () => {
    const dir = realpathSync(tmpRepo(files, { git: true }));
    const tmp = os.tmpdir();
    prefetch(['check', '--root', dir, '--cache-dir', 'x'], tmp);
    expect(started().map(([, r, c]) => [r === dir, c])).toEqual([
      [true, 'others'],
      [true, 'changed'],
    ]);
    expect(readsAhead()).toEqual([path.join(dir, '.git', 'index'), path.join(tmp, 'x', 'living-architecture-facts.delta.json'), path.join(tmp, 'x', 'living-architecture-facts.json')]);
    dropPrefetched();
    expect(readsAhead()).toEqual([]);
    prefetch(['check', `--root=${path.relative(tmp, dir)}`], tmp);
    expect(started().map(([, r, c]) => [r === dir, c])).toEqual([[true, 'all']]);
    expect(readsAhead()).toEqual([]); // no blob ids, no cache: nothing to read
    dropPrefetched();
    prefetch(['check'], path.join(dir, 'app'));
    expect(started().map(([, r, c]) => [r === path.join(dir, 'app'), c])).toEqual([[true, 'all']]);
    dropPrefetched();
    for (const argv of [['check', '--root', dir, '--no-such-flag'], ['check', '--root', dir, '--help'], ['check', '--root', dir, 'positional'], ['routes', '--root', dir], ['--version'], []]) {
      prefetch(argv, tmp);
      expect(started()).toEqual([]);
      expect(readsAhead()).toEqual([]);
    }
  });

  it.skipIf(process.platform !== 'linux')('diff-files (up to 20 threads) runs at a lower priority than the run that waits for it; the untracked walk and other git commands do not', async () => {
    const dir = realpathSync(tmpRepo(files, { git: true }));
    // git on PATH is a wrapper that logs its niceness (once the walks' niceness is set: at most ~3 s) and runs git
    const bin = tmpDir('la-nice-git-');
    const log = path.join(bin, 'log');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      path.join(bin, 'git'),
      `#!/bin/sh\nn=$(cut -d' ' -f19 /proc/$$/stat)\ncase "$*" in *diff-files*) i=0; while [ "$n" = "${os.getPriority()}" ] && [ $i -lt 300 ]; do sleep 0.01; i=$((i+1)); n=$(cut -d' ' -f19 /proc/$$/stat); done;; esac\nfor a in "$@"; do case "$a" in ls-files|diff-files|config) echo "$n $a $GIT_DIR" >> '${log}';; esac; done\nexec '${realGit}' "$@"\n`,
      { mode: 0o755 },
    );
    const saved = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${saved}`;
    try {
      prefetchListing(dir, true);
      expect((await listFiles(dir, { blobs: true })).files).toEqual(['app/a.py', 'app/b.ts', 'other/c.py']);
    } finally {
      process.env.PATH = saved;
    }
    const own = os.getPriority();
    const low = String(Math.max(own, 10));
    const mine = ` ${path.join(dir, '.git')}`; // (a command an earlier test stopped may still log here)
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l.endsWith(mine));
    expect(lines.map((l) => l.slice(0, -mine.length)).sort()).toEqual([`${low} diff-files`, `${own} ls-files`, `${own} config`].sort());
  });
});
