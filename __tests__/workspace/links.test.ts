import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpDir } from '../helpers.js';

describe('Workspace reads of unlisted paths (a rules-file, a command sarif)', () => {
  it('never go through a linked folder that leads out of the root', async () => {
    const top = realpathSync(tmpDir('la-ws-links-'));
    mkdirSync(path.join(top, 'root/inside'), { recursive: true });
    mkdirSync(path.join(top, 'outside'));
    writeFileSync(path.join(top, 'outside/rules.toml'), 'secret');
    writeFileSync(path.join(top, 'root/inside/rules.toml'), 'ok');
    symlinkSync(path.join(top, 'outside'), path.join(top, 'root/away'));
    symlinkSync(path.join(top, 'root/inside'), path.join(top, 'root/near'));
    const ws = await Workspace.open(path.join(top, 'root'));
    expect(ws.resolve('away/rules.toml')).toBeNull();
    expect(await ws.readText('away/rules.toml')).toBeNull();
    expect(await ws.readBytes('away/rules.toml')).toBeNull();
    expect(await ws.readText('near/rules.toml')).toBe('ok'); // a link that stays inside is fine
    expect(ws.resolve('away/new/out.sarif')).toBeNull(); // not there yet: judged by its existing folders
  });
});
