#!/usr/bin/env node
/**
 * Is the committed dist/ what the sources build today?
 *
 *   node scripts/check-dist.mjs [--dist DIR]     (default: dist)
 *
 * Rebuilds into a temp dir with scripts/bundle.mjs and compares every file
 * byte for byte, both ways (changed, missing and extra files). Exits 1 with
 * the list of stale files; 2 when the build itself fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

function main(argv) {
  const distArg = argv[0] === '--dist' && argv[1] ? argv[1] : 'dist';
  const dist = resolve(ROOT, distArg);
  const fresh = mkdtempSync(join(tmpdir(), 'lag-check-dist-'));
  try {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts/bundle.mjs'), '--outdir', fresh], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) {
      process.stderr.write(`check-dist: the build failed, so freshness cannot be checked:\n${build.stderr}${build.stdout}`);
      return 2;
    }
    const built = listFiles(fresh);
    const committed = listFiles(dist);
    const problems = [];
    for (const file of built) {
      if (!committed.includes(file)) problems.push(`missing   ${distArg}/${file}`);
      else if (!readFileSync(join(fresh, file)).equals(readFileSync(join(dist, file)))) {
        problems.push(`stale     ${distArg}/${file}`);
      }
    }
    for (const file of committed) {
      if (!built.includes(file)) problems.push(`extra     ${distArg}/${file} (the build no longer makes it)`);
    }
    if (problems.length > 0) {
      process.stderr.write(`check-dist: ${distArg}/ does not match the sources:\n  ${problems.join('\n  ')}\n` + 'Run `npm run bundle` and commit dist/.\n');
      return 1;
    }
    process.stdout.write(`check-dist: ${distArg}/ is up to date (${built.length} files)\n`);
    return 0;
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
