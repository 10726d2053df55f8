import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { confine, confineDir, fence, realOf } from '../../src/util/confine.js';
import { tmpDir } from '../helpers.js';

function layout(): { ws: string; out: string } {
  const top = realpathSync(tmpDir('la-confine-'));
  const ws = path.join(top, 'ws');
  const out = path.join(top, 'out');
  mkdirSync(path.join(ws, 'real'), { recursive: true });
  mkdirSync(out);
  symlinkSync(out, path.join(ws, 'away'));
  symlinkSync(path.join(ws, 'real'), path.join(ws, 'near'));
  return { ws, out };
}

describe('realOf', () => {
  it('resolves the deepest existing ancestor and appends the rest', async () => {
    const { ws, out } = layout();
    expect(await realOf(path.join(ws, 'away/new/file.json'))).toBe(path.join(out, 'new/file.json'));
    expect(await realOf(path.join(ws, 'near/x'))).toBe(path.join(ws, 'real/x'));
  });
});

describe('confine (the Action: nothing may leave)', () => {
  it('allows paths inside, also through a link that stays inside; refuses links and paths leading out', async () => {
    const { ws } = layout();
    const f = await fence([ws], { name: 'the workspace', userMayLeave: false });
    await expect(confine(f, path.join(ws, 'near/a.sarif'), "input 'sarif-file'", 'near/a.sarif')).resolves.toBe(path.join(ws, 'real/a.sarif'));
    await expect(confine(f, path.join(ws, 'away/a.sarif'), "input 'sarif-file'", 'away/a.sarif')).rejects.toThrow(
      /input 'sarif-file' 'away\/a\.sarif' leads outside the workspace through a symbolic link/,
    );
    await expect(confine(f, '/etc/passwd', "input 'config'", '/etc/passwd')).rejects.toThrow(/input 'config' '\/etc\/passwd' is outside the workspace/);
  });
});

describe('confine (the CLI: the user may name a place outside)', () => {
  it("a path written outside is the user's; a path written inside must stay inside", async () => {
    const { ws } = layout();
    const f = await fence([ws], { name: '--root or the current folder', userMayLeave: true });
    await expect(confine(f, '/tmp/x.sarif', '--sarif', '/tmp/x.sarif')).resolves.toBeTruthy();
    await expect(confine(f, path.join(ws, 'away/x.sarif'), '--sarif', 'away/x.sarif')).rejects.toThrow(/leads outside --root or the current folder through a symbolic link/);
  });
});

describe('confineDir', () => {
  it('names a folder that does not exist or is a file', async () => {
    const { ws } = layout();
    const f = await fence([ws], { name: 'the workspace', userMayLeave: false });
    await expect(confineDir(f, path.join(ws, 'nope'), "input 'working-directory'", 'nope')).rejects.toThrow(/'nope' does not exist/);
    await expect(confineDir(f, path.join(ws, 'real'), "input 'working-directory'", 'real')).resolves.toBe(path.join(ws, 'real'));
  });
});
