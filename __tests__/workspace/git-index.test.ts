import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type IndexEntries, parseGitIndex, readGitIndex } from '../../src/workspace/git-index.js';
import { indexEntries, listFiles } from '../../src/workspace/list.js';
import { tmpRepo, write } from '../helpers.js';
import { rng } from '../secrets/corpus.js';

const git = (dir: string, args: string[], input?: string | Buffer) =>
  execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, input, maxBuffer: 1 << 28 });

/** What `git ls-files -s -v` says of the index: the reference the reader must equal. */
const reference = (dir: string) => indexEntries(git(dir, ['ls-files', '-z', '-s', '-v', '--full-name']));
const idsOf = (e: IndexEntries) => e.names.map((_, i) => e.ids.at(i));
const plain = (e: IndexEntries | null) => e && { names: e.names, valid: [...e.valid], ids: idsOf(e) };
const indexOf = (dir: string) => path.join(dir, '.git', 'index');

/** Index entries without files: `update-index --index-info` takes `<mode> <id> <stage>\t<path>` lines (any name, any length). */
function addEntries(dir: string, lines: (string | Buffer)[]): void {
  git(dir, ['update-index', '-z', '--index-info'], Buffer.concat(lines.map((l) => Buffer.concat([Buffer.from(l), Buffer.from([0])]))));
}

describe("reading git's index file", () => {
  it('equals `git ls-files -s -v` on random trees, in index versions 2, 3 and 4 (names of every sort, conflicts, links, submodules, long names)', () => {
    const rand = rng(16);
    const pieces = ['a', 'src', 'ü', 'ñame', 'with space', 'x.py', '日本', 'dir.d', 'Z', '-', '.hidden', 'a'.repeat(60)];
    for (let round = 0; round < 4; round++) {
      const dir = tmpRepo({ 'seed.txt': 'seed' }, { git: true });
      const blob = git(dir, ['hash-object', '-w', '--stdin'], `content ${round}`).toString().trim();
      const lines: (string | Buffer)[] = [];
      const used = new Set<string>();
      for (let i = 0; i < 120; i++) {
        const depth = 1 + Math.floor(rand() * 4);
        const name = Array.from({ length: depth }, () => pieces[Math.floor(rand() * pieces.length)]).join('/') + `-${i}`;
        if (used.has(name)) continue;
        used.add(name);
        const kind = rand();
        if (kind < 0.6) lines.push(`100644 ${blob} 0\t${name}`);
        else if (kind < 0.7) lines.push(`100755 ${blob} 0\t${name}`);
        else if (kind < 0.78)
          lines.push(`120000 ${blob} 0\t${name}`); // a link
        else if (kind < 0.84)
          lines.push(`160000 ${blob} 0\t${name}`); // a submodule (any id)
        else if (kind < 0.92)
          for (const stage of [1, 2, 3]) lines.push(`100644 ${blob} ${stage}\t${name}`); // a conflict
        else lines.push(Buffer.concat([Buffer.from(`100644 ${blob} 0\t`), Buffer.from(name), Buffer.from([0xe9, 0x2e, 0x74])])); // not UTF-8
      }
      // names of 4095 bytes and more: the length field saturates and the reader finds the NUL
      lines.push(`100644 ${blob} 0\tlong/${'n'.repeat(4090)}`, `100644 ${blob} 0\tlong/${'m'.repeat(5000)}`, `100644 ${blob} 0\tlong/${'k'.repeat(4089)}`);
      addEntries(dir, lines);
      for (const version of [2, 3, 4]) {
        git(dir, ['update-index', '--index-version', String(version)]);
        expect(readFileSync(indexOf(dir)).readUInt32BE(4)).toBe(version === 3 ? 2 : version); // git writes 2 when no entry needs 3
        const got = parseGitIndex(readFileSync(indexOf(dir)));
        expect(plain(got)).toEqual(plain(reference(dir)));
        expect(got!.names.length).toBeGreaterThan(100);
      }
    }
  });

  it("flags under which git does not vouch for the work tree's copy give no blob id: assume-unchanged, skip-worktree, intent-to-add (version 3 entries)", async () => {
    const dir = tmpRepo({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'd.txt': 'd' }, { git: true });
    git(dir, ['update-index', '--assume-unchanged', 'a.txt']);
    git(dir, ['update-index', '--skip-worktree', 'b.txt']);
    write(dir, 'n.txt', 'new');
    git(dir, ['add', '-N', 'n.txt']);
    expect(readFileSync(indexOf(dir)).readUInt32BE(4)).toBe(3);
    const got = (await readGitIndex(path.join(dir, '.git')))!;
    expect(got.names).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt', 'n.txt']);
    expect(idsOf(got)).toEqual([null, null, git(dir, ['rev-parse', 'HEAD:c.txt']).toString().trim(), git(dir, ['rev-parse', 'HEAD:d.txt']).toString().trim(), null]);
    // git's own listing (the fallback) tells the same by its tags, but for the intent-to-add entry (diff-files reports it changed)
    const tags = reference(dir);
    expect(tags.ids.at(4)).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
    tags.ids.clear(4);
    expect(plain(tags)).toEqual(plain(got));
    // the listing: a file changed under assume-unchanged is read, not taken for the committed one
    write(dir, 'a.txt', 'changed behind git');
    const l = await listFiles(dir, { blobs: true });
    expect([...l.blobs!.keys()].sort()).toEqual(['c.txt', 'd.txt']);
  });

  it('what it cannot vouch for is left to git, and the listing is the same: a split index, a sparse index, a SHA-256 repository', async () => {
    const files = { 'a/x.py': 'x', 'a/y.py': 'y', 'b/z.ts': 'z', 'top.md': 't' };
    const expected = await listFiles(tmpRepo(files, { git: true }), { blobs: true });
    const split = tmpRepo(files, { git: true });
    git(split, ['update-index', '--split-index']);
    const sparse = tmpRepo(files, { git: true });
    git(sparse, ['sparse-checkout', 'init', '--cone', '--sparse-index']);
    git(sparse, ['sparse-checkout', 'set', 'a']);
    for (const dir of [split, sparse]) expect(await readGitIndex(path.join(dir, '.git'))).toBeNull();
    const l = await listFiles(split, { blobs: true });
    expect(l.files).toEqual(expected.files);
    expect([...l.blobs!]).toEqual([...expected.blobs!]);
    // sparse: b/ is not in the work tree; what is there is listed with its id
    const s = await listFiles(sparse, { blobs: true });
    expect(s.files).toEqual(['a/x.py', 'a/y.py', 'top.md']);
    expect(s.blobs!.get('a/x.py')).toBe(expected.blobs!.get('a/x.py'));

    const sha256 = tmpRepo(files);
    git(sha256, ['init', '-q', '--object-format=sha256']);
    git(sha256, ['add', '-A']);
    expect(await readGitIndex(path.join(sha256, '.git'))).toBeNull();
    const h = await listFiles(sha256, { blobs: true });
    expect(h.files).toEqual(expected.files);
    expect(h.blobs!.get('b/z.ts')).toBe(git(sha256, ['rev-parse', ':b/z.ts']).toString().trim());
    expect(h.blobs!.get('b/z.ts')).toHaveLength(64);
  });

  it('a damaged index is read as git reads it: a changed byte of an id is believed (git checks the checksum only in fsck); a file cut short never is', async () => {
    const dir = tmpRepo({ 'a.txt': 'a', 'b/c.txt': 'c' }, { git: true });
    const good = readFileSync(indexOf(dir));
    expect(plain(await readGitIndex(path.join(dir, '.git')))).toEqual(plain(reference(dir)));
    const flipped = Buffer.from(good);
    flipped[12 + 45] ^= 1; // a byte of the first entry's blob id: the checksum no longer holds
    writeFileSync(indexOf(dir), flipped);
    const damaged = await readGitIndex(path.join(dir, '.git'));
    expect(plain(damaged)).toEqual(plain(reference(dir))); // what git itself lists from the damaged file
    expect(damaged!.ids.at(0)).not.toBe(parseGitIndex(good)!.ids.at(0));
    for (const cut of [1, 7, 19, 20, 21, 40]) {
      writeFileSync(indexOf(dir), good.subarray(0, good.length - cut));
      expect(await readGitIndex(path.join(dir, '.git'))).toBeNull();
    }
    // twenty zero bytes where the checksum goes: what git writes under index.skipHash
    const unhashed = Buffer.from(good);
    unhashed.fill(0, unhashed.length - 20);
    writeFileSync(indexOf(dir), unhashed);
    expect(plain(await readGitIndex(path.join(dir, '.git')))).toEqual(plain(parseGitIndex(good)));
  });

  it('random damage never throws and never yields a name the index does not hold', () => {
    const dir = tmpRepo({ 'a.txt': 'a', 'b/c.txt': 'c', 'b/d/e.py': 'e', 'ü.md': 'u' }, { git: true });
    git(dir, ['update-index', '--skip-worktree', 'a.txt']);
    const rand = rng(61);
    for (const version of [2, 4]) {
      git(dir, ['update-index', '--index-version', String(version)]);
      const good = readFileSync(indexOf(dir));
      const names = new Set(parseGitIndex(good)!.names);
      for (let i = 0; i < 3000; i++) {
        const bad = Buffer.from(good);
        for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) bad[Math.floor(rand() * (bad.length - 20))] = Math.floor(rand() * 256);
        const cut = rand() < 0.2 ? bad.subarray(0, Math.floor(rand() * bad.length)) : bad;
        const got = parseGitIndex(cut);
        // a changed byte inside a name may still parse (as git would read it); a name from nowhere cannot
        if (got) expect(got.names.length).toBeLessThanOrEqual(names.size);
      }
    }
  });

  it('the index file is only ever read as a regular file: a link or a FIFO in its place is left to git', async () => {
    const dir = tmpRepo({ 'a.txt': 'a' }, { git: true });
    renameSync(indexOf(dir), path.join(dir, '.git', 'index.real'));
    symlinkSync(path.join(dir, '.git', 'index.real'), indexOf(dir));
    expect(await readGitIndex(path.join(dir, '.git'))).toBeNull();
    const fifo = tmpRepo({ 'a.txt': 'a' }, { git: true });
    renameSync(indexOf(fifo), path.join(fifo, '.git', 'index.real'));
    execFileSync('mkfifo', [indexOf(fifo)]);
    expect(await readGitIndex(path.join(fifo, '.git'))).toBeNull(); // not a wait for a writer
  });
});
