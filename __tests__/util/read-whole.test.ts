import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, readSync, renameSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropReadAhead, type Front, FRONT_PEEK, openSame, readAhead, readFront, readWhole } from '../../src/util/read-whole.js';
import { tmpDir } from '../helpers.js';

describe('reading a whole file in the thread pool', () => {
  it('gives the bytes of a regular file, however large, and says why it gives none', async () => {
    const dir = tmpDir('la-read-whole-');
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
    writeFileSync(path.join(dir, 'big'), big);
    writeFileSync(path.join(dir, 'empty'), '');
    expect((await readWhole(path.join(dir, 'big'), big.length)) as Buffer).toEqual(big);
    expect(((await readWhole(path.join(dir, 'empty'), 10)) as Buffer).length).toBe(0);
    expect(await readWhole(path.join(dir, 'big'), big.length - 1)).toBe('too large');
    expect(await readWhole(path.join(dir, 'absent'), 10)).toBe('missing');
    expect(await readWhole(path.join(dir, 'big', 'below'), 10)).toBe('missing');
    mkdirSync(path.join(dir, 'folder'));
    expect(await readWhole(path.join(dir, 'folder'), 10)).toBe('not a regular file');
    truncateSync(path.join(dir, 'empty'), 2 ** 40); // sparse: a size no read should start on
    expect(await readWhole(path.join(dir, 'empty'), 1 << 30)).toBe('too large');
  });

  it('never follows a link, never waits on a FIFO', async () => {
    const dir = tmpDir('la-read-whole-');
    writeFileSync(path.join(dir, 'target'), 'outside');
    symlinkSync(path.join(dir, 'target'), path.join(dir, 'link'));
    expect(await readWhole(path.join(dir, 'link'), 100)).toBe('not a regular file');
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    expect(await readWhole(path.join(dir, 'fifo'), 100)).toBe('not a regular file');
  });

  it('a read started ahead is taken once, by a read of the same file and bound; what none took is forgotten', async () => {
    const dir = tmpDir('la-read-whole-');
    const file = path.join(dir, 'store.json');
    const ahead = () => [...((globalThis as Record<symbol, Map<string, Promise<unknown>> | undefined>)[Symbol.for('living-architecture.read-ahead')] ?? new Map()).values()];
    writeFileSync(file, 'first');
    readAhead(file, 100);
    readAhead(path.join(dir, '.', 'store.json'), 100); // the same file: one read
    expect(ahead()).toHaveLength(1);
    await Promise.all(ahead()); // it has read the file: what is written now is not in it
    writeFileSync(file, 'second');
    expect(String(await readWhole(path.join(dir, 'store.json'), 99))).toBe('second'); // another bound: its own read
    expect(String(await readWhole(file, 100))).toBe('first'); // the read started ahead
    expect(ahead()).toHaveLength(0);
    expect(String(await readWhole(file, 100))).toBe('second'); // taken once
    readAhead(path.join(dir, 'absent'), 100);
    await Promise.all(ahead());
    writeFileSync(path.join(dir, 'absent'), 'now here');
    expect(await readWhole(path.join(dir, 'absent'), 100)).toBe('missing'); // as it was when the read started
    readAhead(file, 100);
    await Promise.all(ahead());
    writeFileSync(file, 'third');
    dropReadAhead();
    expect(ahead()).toHaveLength(0);
    expect(String(await readWhole(file, 100))).toBe('third');
  });

  // A front that reads as many bytes as the decimal number the file starts with says (all of it without one).
  const NUMBERED: Front = { tag: 'numbered', length: (first, size) => (/^\d+;/.test(first.toString('latin1')) ? Number.parseInt(first.toString('latin1'), 10) : size) };

  it('a front read gives the part of the file its first bytes measure, the size, and what the file was', async () => {
    const dir = tmpDir('la-read-whole-');
    const file = path.join(dir, 'store');
    const tail = 'x'.repeat(100_000);
    writeFileSync(file, `12;head part${tail}`);
    const peeked: number[] = [];
    const front: Front = { tag: 'numbered', length: (first, size) => (peeked.push(first.length), NUMBERED.length(first, size)) };
    const r = await readFront(file, 1 << 20, front);
    if (typeof r === 'string') throw new Error(r);
    expect(r.bytes.toString()).toBe('12;head part');
    expect(r.size).toBe(12 + tail.length);
    expect(peeked).toEqual([FRONT_PEEK]);
    // a length past the end, or none: the whole file
    writeFileSync(file, '999;short');
    expect(((await readFront(file, 100, NUMBERED)) as { bytes: Buffer }).bytes.toString()).toBe('999;short');
    writeFileSync(file, 'no number');
    expect(((await readFront(file, 100, NUMBERED)) as { bytes: Buffer }).bytes.toString()).toBe('no number');
    writeFileSync(file, '');
    expect(((await readFront(file, 100, NUMBERED)) as { bytes: Buffer }).bytes.length).toBe(0);
    expect(await readFront(file, 100, { tag: 'n', length: () => -5 })).toMatchObject({ size: 0 });
    expect(await readFront(path.join(dir, 'absent'), 100, NUMBERED)).toBe('missing');
    // a read started ahead is taken only by a read of the same front
    writeFileSync(file, '4;abcdef');
    readAhead(file, 100, NUMBERED);
    expect(((await readWhole(file, 100)) as Buffer).toString()).toBe('4;abcdef');
    expect(((await readFront(file, 100, NUMBERED)) as { bytes: Buffer }).bytes.toString()).toBe('4;ab');
  });

  it('the rest of a file read later is read only while the file is the one whose front was read', async () => {
    const dir = tmpDir('la-read-whole-');
    const file = path.join(dir, 'store');
    writeFileSync(file, '4;abcdef');
    const r = (await readFront(file, 100, NUMBERED)) as { identity: string };
    const rest = (fd: number | null) => {
      if (fd === null) return null;
      const b = Buffer.alloc(4);
      readSync(fd, b, 0, 4, 4);
      closeSync(fd);
      return b.toString();
    };
    expect(rest(openSame(file, r.identity))).toBe('cdef');
    // replaced by another file (as a save renames its new store into place), even of the same size and time
    writeFileSync(path.join(dir, 'new'), '4;abWXYZ');
    utimesSync(path.join(dir, 'new'), new Date(0), new Date(0));
    renameSync(path.join(dir, 'new'), file);
    expect(openSame(file, r.identity)).toBeNull();
    // changed in place
    writeFileSync(file, '4;abcdef');
    const again = (await readFront(file, 100, NUMBERED)) as { identity: string };
    writeFileSync(file, '4;abcdeg');
    utimesSync(file, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    expect(openSame(file, again.identity)).toBeNull();
    // gone, or a link in its place
    const third = (await readFront(file, 100, NUMBERED)) as { identity: string };
    renameSync(file, path.join(dir, 'moved'));
    expect(openSame(file, third.identity)).toBeNull();
    symlinkSync(path.join(dir, 'moved'), file);
    expect(openSame(file, third.identity)).toBeNull();
  });
});
