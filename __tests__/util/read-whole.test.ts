import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropReadAhead, readAhead, readWhole } from '../../src/util/read-whole.js';
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
});
