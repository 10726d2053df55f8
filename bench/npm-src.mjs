// Real TypeScript code for the JS graph's tests and benchmark: the src/ trees that some npm packages
// ship, pinned, fetched once with `npm pack` into a cache under the temp directory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REAL_TS_PACKAGES = ['rxjs@7.8.2', 'effect@3.10.0', '@reduxjs/toolkit@2.3.0'];

/** Directory of the package's shipped src/ tree (extracted once). */
export function npmSrc(spec, cache = path.join(os.tmpdir(), 'la-npm-src')) {
  const dir = path.join(cache, spec.replace(/[@/]/g, '_'));
  if (!existsSync(path.join(dir, '.done'))) {
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
