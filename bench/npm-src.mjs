// Real TypeScript code for the JS graph's tests and benchmark: the src/ trees that some npm packages
// ship, pinned. `scripts/fetch-real-code.mjs` (run by .ci/run before the tests) fetches them with
// `npm pack` into the real-code cache; the tests only read that cache (they never touch the network),
// the benchmark fetches what is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REAL_TS_PACKAGES = ['rxjs@7.8.2', 'effect@3.10.0', '@reduxjs/toolkit@2.3.0'];

/**
 * The cache of real code fetched from the registries: LA_REAL_CODE_CACHE, else
 * ~/.cache/living-architecture/real-code. Outside the repository on purpose: a tree inside a git work
 * tree would be read as part of it (and hidden by its .gitignore), not as the repository it is.
 */
export const REAL_CODE_DIR = process.env.LA_REAL_CODE_CACHE || path.join(os.homedir(), '.cache', 'living-architecture', 'real-code');
const NPM_CACHE = path.join(REAL_CODE_DIR, 'npm');

/**
 * Directory of the package's shipped src/ tree. With `fetch: false` (the tests) it is null when the
 * cache does not hold it; otherwise it is fetched once with `npm pack` and extracted.
 */
export function npmSrc(spec, { cache = NPM_CACHE, fetch = true } = {}) {
  const dir = path.join(cache, spec.replace(/[@/]/g, '_'));
  if (!existsSync(path.join(dir, '.done'))) {
    if (!fetch) return null;
    mkdirSync(dir, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['pack', spec, '--silent', '--pack-destination', dir], { encoding: 'utf8' }).trim().split('\n').pop();
    execFileSync('tar', ['xzf', path.join(dir, out), '-C', dir]);
    writeFileSync(path.join(dir, '.done'), spec);
  }
  return path.join(dir, 'package', 'src');
}

export function countTs(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts')).length;
}
