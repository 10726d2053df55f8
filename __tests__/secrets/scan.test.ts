import { describe, expect, it } from 'vitest';
import { FactCache } from '../../src/facts/cache.js';
import { attachCache } from '../../src/facts/source.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { BUILTIN_RULES } from '../../src/secrets/rules.js';
import { scanFiles } from '../../src/secrets/scan.js';
import type { ScanSpec } from '../../src/secrets/types.js';
import { tmpDir, tmpRepo } from '../helpers.js';
import { chars, makeCorpus, minifiedWith, rng } from './corpus.js';

const spec: ScanSpec = { rules: [...BUILTIN_RULES], wantLine: false };
const flat = (m: Map<string, { rule: number; line: number; column: number; endLine: number; endColumn: number; secret: string }[]>) =>
  [...m].flatMap(([file, cs]) => cs.map((c) => `${file}:${c.line}:${c.column}-${c.endLine}:${c.endColumn} ${spec.rules[c.rule]!.id} ${c.secret.length}`)).sort();

describe('scanFiles', () => {
  const corpus = makeCorpus({ seed: 5, files: 120, copies: 2 });
  const root = tmpRepo(Object.fromEntries(corpus.files));
  const ws = Workspace.fromList(root, [...corpus.files.keys()]);

  it('finds the same candidates in worker threads as in this thread, batch size regardless', async () => {
    const here = await scanFiles(ws, ws.files, spec, { threads: 0 });
    const two = await scanFiles(ws, ws.files, spec, { threads: 2, inThreadBytes: 0, batchBytes: 64 * 1024 });
    const one = await scanFiles(ws, ws.files, spec, { threads: 1, inThreadBytes: 0, batchBytes: 1 });
    expect(here.threads).toBe(0);
    expect(two.threads).toBe(2);
    expect(flat(two.byFile)).toEqual(flat(here.byFile));
    expect(flat(one.byFile)).toEqual(flat(here.byFile));
    expect(here.byFile.size).toBeGreaterThan(20);
    expect(here.binary).toBe(1); // assets/logo.png
    expect(two.scanned).toBe(here.scanned);
  });
});

describe('scanFiles: large files in chunks', () => {
  // Secrets built at run time: the repository holds no credential-shaped literal.
  const r = rng(4);
  const key = `AKIA${chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
  const stripe = `sk_live_${chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40)}`;
  const pem = [
    '-----BEGIN RSA PRIVATE KEY-----',
    ...Array.from({ length: 20 }, () => chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 64)),
    '-----END RSA PRIVATE KEY-----',
  ];

  it('reports the same lines and columns whether a file is read whole or in chunks, across cuts and in one long line', async () => {
    const lines: string[] = [];
    const expected: string[] = [];
    for (let i = 0; lines.length < 6000; i++) {
      lines.push(`def handler_${i}(event):  # ${'x'.repeat(i % 50)} ordinary code, nothing to see`);
      if (i % 997 === 0) {
        lines.push(`    AWS_KEY = "${key}"`);
        expected.push(`big.py:${lines.length}:16 aws-access-token`);
      }
      if (i % 1499 === 0) {
        lines.push(...pem);
        expected.push(`big.py:${lines.length - pem.length + 1}:1 private-key`);
      }
    }
    const big = `${lines.join('\n')}\n`;
    const minified = minifiedWith(3, 300_000, stripe);
    const root = tmpRepo({ 'big.py': big, 'bundle.min.js': minified, 'blob.dat2': Buffer.concat([Buffer.alloc(10), Buffer.from('x'.repeat(200_000))]) });
    const ws = Workspace.fromList(root, ['big.py', 'bundle.min.js', 'blob.dat2']);
    const whole = await scanFiles(ws, ws.files, spec, { threads: 0 });
    const chunked = await scanFiles(ws, ws.files, spec, { threads: 2, inThreadBytes: 0, chunkBytes: 16 * 1024, overlapBytes: 4 * 1024 });
    expect(chunked.chunked).toBe(3);
    expect(chunked.binary).toBe(1);
    expect(whole.binary).toBe(1);
    expect(flat(chunked.byFile)).toEqual(flat(whole.byFile));
    const got = [...whole.byFile].filter(([file]) => file === 'big.py').flatMap(([file, cs]) => cs.map((c) => `${file}:${c.line}:${c.column} ${spec.rules[c.rule]!.id}`));
    expect(got).toEqual(expected);
    const min = whole.byFile.get('bundle.min.js')!;
    expect(min.map((c) => [c.line, c.column, spec.rules[c.rule]!.id])).toEqual([[1, minified.indexOf(stripe) + 1, 'stripe-access-token']]);
  });
});

describe('scanFiles: a secret across a chunk cut', () => {
  it('is reported once, whole, at its own line and column (cut at a line end, and inside one long line)', async () => {
    const C = 16 * 1024;
    const r64 = rng(9);
    const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const pem = ['-----BEGIN OPENSSH PRIVATE KEY-----', ...Array.from({ length: 12 }, () => chars(r64, b64, 70)), '-----END OPENSSH PRIVATE KEY-----'].join('\n');
    const filler = (n: number) =>
      Array.from({ length: Math.ceil(n / 40) }, (_, i) => `# line ${i} ${'.'.repeat(30)}`)
        .join('\n')
        .slice(0, n - 1) + '\n';
    const head = filler(C - 300); // the block starts 300 bytes before the cut and ends after it
    const lined = `${head}${pem}\n${filler(3000)}`;
    const key = `AKIA${chars(r64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    const long = `${'ab'.repeat((C - 12) / 2)}="${key}";${'cd'.repeat(3000)}\n`; // one line; the key straddles byte C
    const root = tmpRepo({ 'lined.txt': lined, 'long.txt': long });
    const ws = Workspace.fromList(root, ['lined.txt', 'long.txt']);
    const r = await scanFiles(ws, ws.files, spec, { threads: 0, chunkBytes: C, overlapBytes: 4096 });
    expect(r.chunked).toBe(2);
    const headLines = head.split('\n').length - 1;
    expect(flat(r.byFile)).toEqual([`lined.txt:${headLines + 1}:1-${headLines + 14}:34 private-key ${pem.length}`, `long.txt:1:${C - 9}-1:${C + 11} aws-access-token 20`]);
  });
});

describe('scanFiles: a catastrophic pattern from a rules file', () => {
  it('stops the worker, rescans the batch file by file and reports only the file that overruns', async () => {
    const slow = { id: 'slow', description: 'slow', keywords: [], regex: '(a+)+$', custom: true, start: 'window' as const };
    const ghp = (await import('./corpus.js')).SECRET_KINDS.find((k) => k.rule === 'github-pat')!.make(rng(2));
    const root = tmpRepo({ 'bad.txt': `${'a'.repeat(40)}!\n`, 'good.env': `TOKEN=${ghp}\n` });
    const ws = Workspace.fromList(root, ['bad.txt', 'good.env']);
    const s: ScanSpec = { rules: [...BUILTIN_RULES, slow], wantLine: false };
    // (a+)+$ on 40 a's is 2^40 steps: without the budget this never returns and the test timeout fails it.
    const r = await scanFiles(ws, ws.files, s, { threads: 0, budget: { baseMs: 2500, perMiBMs: 0 } });
    expect(r.threads).toBe(1); // a user's pattern never runs in this thread
    expect(r.timedOut).toEqual(['bad.txt']);
    expect([...r.byFile.keys()]).toEqual(['good.env']);
  });
});

describe('scanFiles: a catastrophic pattern on many files', () => {
  it('gives up retrying file by file after a few overruns: the rest is counted as not scanned, nothing lost', async () => {
    const slow = { id: 'slow', description: 'slow', keywords: [], regex: '(a+)+$', custom: true, start: 'window' as const };
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`bad${String(i).padStart(2, '0')}.txt`] = `${'a'.repeat(40)}!\n`;
    const root = tmpRepo(files);
    const ws = Workspace.fromList(root, Object.keys(files));
    const s: ScanSpec = { rules: [...BUILTIN_RULES, slow], wantLine: false };
    const r = await scanFiles(ws, ws.files, s, { threads: 1, budget: { baseMs: 300, perMiBMs: 0 } });
    expect(r.timedOut).toHaveLength(3);
    expect(r.gaveUp).toHaveLength(9);
    expect([...r.timedOut, ...r.gaveUp].sort()).toEqual(ws.files);
  });
});

describe('scanFiles: bytes that are not UTF-8', () => {
  it('still moves on through a large file of continuation bytes (no NUL), and reads its text around them', async () => {
    const junk = Buffer.alloc(40_000, 0x80);
    const key = `AKIA${chars(rng(12), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    const root = tmpRepo({ 'odd.txt': Buffer.concat([Buffer.from('x\n'), junk, Buffer.from(`\nKEY="${key}"\n`)]) });
    const ws = Workspace.fromList(root, ['odd.txt']);
    const r = await scanFiles(ws, ws.files, spec, { threads: 0, chunkBytes: 8192, overlapBytes: 1024 });
    expect(r.chunked).toBe(1);
    expect(flat(r.byFile)).toEqual(['odd.txt:3:6-3:26 aws-access-token 20']);
  });
});

describe('scanFiles with a fact cache', () => {
  it('a warm scan restores clean and binary verdicts without reading those files, and reports exactly as the cold one', async () => {
    const r = rng(8);
    const token = `ghp_${chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 36)}`;
    const nul = Buffer.concat([Buffer.from('\u0000\u0001binary catalogue\n'), Buffer.alloc(64, 7)]);
    // (an empty module and an empty database share a blob: the database stays a binary by name)
    const root = tmpRepo(
      { 'app/main.py': 'print("hello")\n', 'app/__init__.py': '', 'data/empty.db': '', 'locale/fr.mo': nul, 'assets/logo.png': nul, 'deploy/.env': `GITHUB_TOKEN=${token}\n` },
      { git: true },
    );
    const dir = tmpDir('la-scan-cache-');
    const run = async () => {
      const ws = await Workspace.open(root, { blobIds: true });
      const cache = await FactCache.load(dir);
      attachCache(ws, cache);
      const read: string[] = [];
      const readBytes = ws.readBytes.bind(ws);
      ws.readBytes = (f: string) => {
        read.push(f);
        return readBytes(f);
      };
      const out = await scanFiles(ws, ws.files, spec, { threads: 0 });
      const stats = cache.summary().byReader['secrets-clean'];
      await cache.save();
      return { out: { ...out, byFile: flat(out.byFile) }, read: read.sort(), stats, skipped: ws.stats() };
    };
    const cold = await run();
    expect(cold.read).toEqual(['app/__init__.py', 'app/main.py', 'deploy/.env', 'locale/fr.mo']);
    expect(cold.out.binary).toBe(3);
    const warm = await run();
    expect(warm.out).toEqual(cold.out);
    expect(warm.skipped).toEqual(cold.skipped);
    // only the file with a candidate is read again; a binary known by its name is neither read nor looked up
    expect(warm.read).toEqual(['deploy/.env']);
    expect(warm.stats).toEqual({ hits: 3, misses: 1 });
  });
});
