import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAll } from '../../src/report/write.js';
import { fence } from '../../src/util/confine.js';
import { tmpDir } from '../helpers.js';

const tmp = () => realpathSync(tmpDir('la-write-'));

describe('writeAll', () => {
  it('all or nothing: when one output cannot be written, none is, and no temporary file is left', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'blocker'), 'x');
    const p = writeAll([
      { path: path.join(dir, 'a.sarif'), content: 'a', what: '--sarif', shown: 'a.sarif' },
      { path: path.join(dir, 'new/deep/s.md'), content: 's', what: '--summary', shown: 'new/deep/s.md' },
      { path: path.join(dir, 'blocker/b.json'), content: 'b', what: '--json', shown: 'blocker/b.json' },
    ]);
    await expect(p).rejects.toThrow(/^--json 'blocker\/b\.json' cannot be written: its folder cannot be made \(a file is in the way of its folder\)$/);
    expect(readdirSync(dir)).toEqual(['blocker']); // no temporary file, no folder made for another output
  });

  it('a folder at the target is a usage error before anything is written', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'out'));
    await expect(
      writeAll([
        { path: path.join(dir, 'a'), content: 'a' },
        { path: path.join(dir, 'out'), content: 'b', what: "input 'sarif-file'", shown: 'out' },
      ]),
    ).rejects.toThrow(/input 'sarif-file' 'out' is a folder, not a file/);
    expect(existsSync(path.join(dir, 'a'))).toBe(false);
  });

  it('replaces a link at the target instead of writing through it', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'victim'), 'precious');
    symlinkSync(path.join(dir, 'victim'), path.join(dir, 'out.sarif'));
    await writeAll([{ path: path.join(dir, 'out.sarif'), content: 'new' }]);
    expect(readFileSync(path.join(dir, 'victim'), 'utf8')).toBe('precious');
    expect(lstatSync(path.join(dir, 'out.sarif')).isSymbolicLink()).toBe(false);
    expect(readFileSync(path.join(dir, 'out.sarif'), 'utf8')).toBe('new');
  });

  it('with a fence, a linked folder leading out is refused and nothing is made there', async () => {
    const ws = tmp();
    const out = tmp();
    symlinkSync(out, path.join(ws, 'reports'));
    const f = await fence([ws], { name: 'the workspace', userMayLeave: false });
    await expect(writeAll([{ path: path.join(ws, 'reports/new/r.json'), content: 'x', what: "input 'report-file'", shown: 'reports/new/r.json' }], { fence: f })).rejects.toThrow(
      /leads outside the workspace/,
    );
    expect(readdirSync(out)).toEqual([]);
  });
});
