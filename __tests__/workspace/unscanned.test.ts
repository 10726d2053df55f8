import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildJavaScriptGraph } from '../../src/graph/javascript.js';
import { notScannedCounts, notScannedLine } from '../../src/report/not-scanned.js';
import { decodeText, escapeName, isBinary, utf8Name } from '../../src/workspace/decode.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpRepo } from '../helpers.js';

const bom = { le: Buffer.from([0xff, 0xfe]), be: Buffer.from([0xfe, 0xff]) };

describe('decoding file text', () => {
  it('UTF-16 LE and BE with a byte-order mark are text; a NUL without one is binary', () => {
    const s = 'KEY = "välue"\n';
    expect(decodeText(Buffer.concat([bom.le, Buffer.from(s, 'utf16le')]))).toBe(s);
    expect(decodeText(Buffer.concat([bom.be, Buffer.from(s, 'utf16le').swap16()]))).toBe(s);
    expect(decodeText(Buffer.from(`\ufeff${s}`))).toBe(s);
    expect(decodeText(Buffer.from(`\0${s}`))).toBeNull();
    expect(isBinary(Buffer.concat([bom.le, Buffer.from(s, 'utf16le')]))).toBe(false);
    expect(isBinary(Buffer.from(`\0${s}`))).toBe(true);
  });

  it('names that are not UTF-8 are escaped byte by byte, the valid parts kept', () => {
    const latin1 = Buffer.concat([Buffer.from('dir/caf'), Buffer.from([0xe9]), Buffer.from('-ü.txt')]);
    expect(utf8Name(latin1)).toBeNull();
    expect(escapeName(latin1)).toBe('dir/caf\\xe9-ü.txt');
    expect(escapeName(Buffer.from([0x61, 0x0a, 0x5c, 0xc3]))).toBe('a\\x0a\\\\\\xc3');
    expect(utf8Name(Buffer.from('ok/ü.txt'))).toBe('ok/ü.txt');
  });
});

describe('files the workspace cannot read are counted and named', () => {
  for (const git of [true, false]) {
    it(`a name that is not UTF-8 is counted, not dropped (${git ? 'git ls-files' : 'walk'})`, async () => {
      const dir = tmpRepo({ 'a.txt': 'a', 'ignored/x.txt': 'x', '.gitignore': 'ignored/\n' }, { git });
      writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'caf')), Buffer.from([0xe9]), Buffer.from('.txt')]), 'x');
      writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'ignored', 'b')), Buffer.from([0xff])]), 'x');
      if (git) execFileSync('git', ['add', '-A'], { cwd: dir });
      const ws = await Workspace.open(dir);
      expect(ws.files).toEqual(['.gitignore', 'a.txt']);
      expect(ws.stats()).toMatchObject({ skippedNames: 1, notScanned: { names: ['caf\\xe9.txt'] } });
    });
  }

  it('UTF-16 files are read as text; binary and oversize reads are counted and named', async () => {
    const dir = tmpRepo({ 'u.txt': Buffer.concat([bom.le, Buffer.from('hello', 'utf16le')]), 'bin.dat': '\0abc', 'big.txt': 'x'.repeat(200) });
    const ws = await Workspace.open(dir, { maxTextBytes: 100 });
    expect(await ws.readText('u.txt')).toBe('hello');
    expect(await ws.readText('bin.dat')).toBeNull();
    expect(await ws.readText('big.txt')).toBeNull();
    expect(ws.stats()).toMatchObject({ skippedBinary: 1, skippedLarge: 1, notScanned: { binary: ['bin.dat'], large: ['big.txt'] } });
  });

  it('the JavaScript graph does not hand files over the text limit to dependency-cruiser, and counts them', async () => {
    const dir = tmpRepo({ 'a.js': "import './b.js';\nimport './huge.js';\n", 'b.js': "import './a.js';\n", 'huge.js': `import './a.js';\n${'x=1;'.repeat(100)}` });
    const ws = await Workspace.open(dir, { maxTextBytes: 200 });
    const logs: string[] = [];
    const g = await buildJavaScriptGraph(ws, (m) => logs.push(m));
    expect(g.nodes).toEqual(['a.js', 'b.js']);
    expect(g.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['a.js->b.js', 'b.js->a.js']);
    expect(ws.stats()).toMatchObject({ skippedLarge: 1, notScanned: { large: ['huge.js'] } });
    expect(logs.join('\n')).toMatch(/1 file over the text size limit not parsed: huge\.js/);
  });
});

describe('the summary line on what was not scanned', () => {
  const base = { files: 10, skippedBinary: 0, skippedLarge: 0, unreadable: 0, source: 'git' as const };

  it('nothing when everything was read', () => {
    expect(notScannedLine(base)).toBeUndefined();
    expect(notScannedCounts(base)).toBeUndefined();
  });

  it('every reason counted, the first files named, their names inert in Markdown', () => {
    const line = notScannedLine({
      ...base,
      skippedBinary: 3,
      skippedLarge: 1,
      skippedNames: 1,
      notScanned: { binary: ['a.png', 'b.bin'], large: ['web/bundle.js'], names: ['![x](http:__evil)@you`\\xe9'] },
    })!;
    expect(line).toMatch(/^<sub>Not scanned: 3 binary, 1 over 8 MiB, 1 name not UTF-8 — /);
    expect(line).toContain('<code>a.png</code>, <code>b.bin</code>, … 1 more');
    expect(line).toContain('<code>web/bundle.js</code>');
    expect(line).not.toMatch(/[!@`\\[\]()]/);
    expect(notScannedCounts({ ...base, skippedLarge: 2, skippedSpecial: 1 })).toBe('Not scanned: 2 over 8 MiB, 1 symlink or special file');
  });
});
