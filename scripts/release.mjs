#!/usr/bin/env node
/**
 * Cut a release (see RELEASING.md):
 *
 *   npm run release -- X.Y.Z [--dry-run] [--skip-tests]
 *
 * Checks that the tree is clean and on main, rebuilds dist/ (npm run bundle) and verifies that the
 * committed dist/ is what the sources build (npm run check-dist, and no file changed by the build),
 * runs the tests (npm test, unless --skip-tests), bumps package.json (and package-lock.json),
 * turns the CHANGELOG's [Unreleased] section into [X.Y.Z] - date, commits, tags vX.Y.Z and moves
 * the major tag vX to it. Nothing is pushed: the script prints the push command.
 * --dry-run checks and prints every step without changing anything.
 * Exit codes: 0 done, 1 a check failed, 2 usage error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
export const RELEASE_BRANCH = 'main';

export class ReleaseError extends Error {
  constructor(message, code = 1) {
    super(message);
    this.code = code;
  }
}

/** "1.2.3" or "v1.2.3" -> its parts; a usage error otherwise. */
export function parseVersion(text) {
  const m = SEMVER.exec(String(text ?? '').replace(/^v/, ''));
  if (!m) throw new ReleaseError(`the version must be semver X.Y.Z (or X.Y.Z-pre.N), not '${text ?? ''}'`, 2);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '', text: m[0] };
}

/** <0, 0, >0 like a comparator; a pre-release sorts before its release. */
export function compareVersions(a, b) {
  for (const k of ['major', 'minor', 'patch']) if (a[k] !== b[k]) return a[k] - b[k];
  if (a.pre === b.pre) return 0;
  if (!a.pre) return 1;
  if (!b.pre) return -1;
  return a.pre < b.pre ? -1 : 1;
}

/** The tags of a release: vX.Y.Z always, the moving major vX only for a release (not a pre-release). */
export function tagsFor(version) {
  return { tag: `v${version.text}`, major: version.pre ? null : `v${version.major}` };
}

/**
 * The CHANGELOG with its [Unreleased] section released as `version` on `date`: a fresh empty
 * [Unreleased] above it, and the compare links at the bottom updated. A changelog without an
 * [Unreleased] section, or with an empty one, is an error: a release says what changed.
 */
export function releaseChangelog(text, version, date, repoUrl) {
  const heading = /^## \[Unreleased\][^\n]*\n/m;
  const m = heading.exec(text);
  if (!m) throw new ReleaseError("CHANGELOG.md has no '## [Unreleased]' section");
  if (new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm').test(text)) throw new ReleaseError(`CHANGELOG.md already has a section for ${version}`);
  const start = m.index + m[0].length;
  const next = text.slice(start).search(/^## \[/m);
  const body = next === -1 ? text.slice(start) : text.slice(start, start + next);
  if (!/^\s*[-*] \S/m.test(body.replace(/^\[[^\]]+\]: .*$/gm, ''))) throw new ReleaseError('the [Unreleased] section of CHANGELOG.md lists no change');
  let out = `${text.slice(0, m.index)}## [Unreleased]\n\n## [${version}] - ${date}\n${text.slice(start)}`;
  const link = /^\[Unreleased\]: (.*)\/compare\/(v[^.\s]+[^\s]*)\.\.\.HEAD$/m.exec(out);
  const base = link ? link[1] : repoUrl;
  if (base) {
    const previous = link ? link[2] : null;
    const unreleased = `[Unreleased]: ${base}/compare/v${version}...HEAD`;
    const released = previous ? `[${version}]: ${base}/compare/${previous}...v${version}` : `[${version}]: ${base}/releases/tag/v${version}`;
    out = link ? out.replace(link[0], `${unreleased}\n${released}`) : `${out.replace(/\n*$/, '\n')}\n${unreleased}\n${released}\n`;
  }
  return out;
}

/** package.json (and package-lock.json) text with the new version, formatting kept. */
export function bumpJson(text, version, lock = false) {
  const data = JSON.parse(text);
  data.version = version;
  if (lock && data.packages?.['']) data.packages[''].version = version;
  return `${JSON.stringify(data, null, 2)}\n`;
}

function sh(cwd, cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: opts.inherit ? 'inherit' : 'pipe' });
  return { status: r.status ?? 1, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim() };
}

/**
 * Run the release in `cwd` (a git work tree holding package.json and CHANGELOG.md).
 * Returns the list of steps it took (or, with dryRun, would take).
 * The npm scripts it runs print to this process's terminal; with `npmOutput: 'capture'` their
 * output is kept instead and shown only in the error of a script that fails (the tests use it).
 */
export function release({ cwd, argv, log = (l) => process.stdout.write(`${l}\n`), date = new Date().toISOString().slice(0, 10), npmOutput = 'inherit' }) {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  for (const f of flags) if (!['--dry-run', '--skip-tests'].includes(f)) throw new ReleaseError(`unknown flag ${f} (flags: --dry-run, --skip-tests)`, 2);
  const positional = argv.filter((a) => !a.startsWith('--'));
  if (positional.length !== 1) throw new ReleaseError('usage: npm run release -- X.Y.Z [--dry-run] [--skip-tests]', 2);
  const version = parseVersion(positional[0]);
  const dry = flags.has('--dry-run');
  const git = (...args) => sh(cwd, 'git', args);
  const npm = (...args) => sh(cwd, 'npm', args, { inherit: npmOutput !== 'capture' });
  const steps = [];
  const step = (text, act) => {
    steps.push(text);
    log(`${dry ? '[dry run] ' : ''}${text}`);
    if (!dry && act) act();
  };
  const must = (r, what) => {
    if (r.status !== 0) throw new ReleaseError(`${what} failed${r.err || r.out ? `:\n${r.err || r.out}` : ''}`);
    return r;
  };

  // Checks that change nothing: run in a dry run too, so that it tells the truth.
  const pkgPath = join(cwd, 'package.json');
  const changelogPath = join(cwd, 'CHANGELOG.md');
  if (!existsSync(pkgPath) || !existsSync(changelogPath)) throw new ReleaseError('run it at the repository root: package.json and CHANGELOG.md are needed', 2);
  const pkgText = readFileSync(pkgPath, 'utf8');
  const current = parseVersion(JSON.parse(pkgText).version ?? '0.0.0');
  if (compareVersions(version, current) <= 0) throw new ReleaseError(`${version.text} is not above the current version ${current.text}`);
  const branch = must(git('rev-parse', '--abbrev-ref', 'HEAD'), 'git rev-parse').out;
  if (branch !== RELEASE_BRANCH) throw new ReleaseError(`releases are cut from ${RELEASE_BRANCH}, this is '${branch}'`);
  const dirty = must(git('status', '--porcelain'), 'git status').out;
  if (dirty) throw new ReleaseError(`the work tree is not clean:\n${dirty}`);
  const { tag, major } = tagsFor(version);
  if (git('rev-parse', '-q', '--verify', `refs/tags/${tag}`).status === 0) throw new ReleaseError(`the tag ${tag} exists already`);
  const changelog = releaseChangelog(readFileSync(changelogPath, 'utf8'), version.text, date, null);
  log(`release ${tag} (from ${current.text}) on ${branch}`);

  step('npm run bundle: rebuild dist/', () => must(npm('run', 'bundle'), 'npm run bundle'));
  step('npm run check-dist: the committed dist/ is what the sources build', () => {
    must(npm('run', 'check-dist'), 'npm run check-dist');
    const changed = must(git('status', '--porcelain'), 'git status').out;
    if (changed) throw new ReleaseError(`the build changed committed files: commit a fresh dist/ first\n${changed}`);
  });
  if (flags.has('--skip-tests')) step('tests skipped (--skip-tests)');
  else step('npm test', () => must(npm('test'), 'npm test'));
  step(`package.json version ${current.text} -> ${version.text}`, () => {
    writeFileSync(pkgPath, bumpJson(pkgText, version.text));
    const lockPath = join(cwd, 'package-lock.json');
    if (existsSync(lockPath)) writeFileSync(lockPath, bumpJson(readFileSync(lockPath, 'utf8'), version.text, true));
  });
  step(`CHANGELOG.md: [Unreleased] -> [${version.text}] - ${date}`, () => writeFileSync(changelogPath, changelog));
  step(`git commit "Release ${tag}"`, () => {
    must(git('add', 'package.json', 'CHANGELOG.md', ...(existsSync(join(cwd, 'package-lock.json')) ? ['package-lock.json'] : [])), 'git add');
    must(git('commit', '-q', '-m', `Release ${tag}`), 'git commit');
  });
  step(`git tag -a ${tag}`, () => must(git('tag', '-a', tag, '-m', `Release ${tag}`), `git tag ${tag}`));
  if (major) step(`git tag -f -a ${major} (the moving major tag) -> ${tag}`, () => must(git('tag', '-f', '-a', major, '-m', `${major} -> ${tag}`, `${tag}^{}`), `git tag ${major}`));
  else step(`${major ?? `v${version.major}`} not moved: ${tag} is a pre-release`);
  log(`push with: git push origin ${RELEASE_BRANCH} ${tag}${major ? ` && git push --force origin ${major}` : ''}`);
  return steps;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    release({ cwd: process.cwd(), argv: process.argv.slice(2) });
  } catch (e) {
    if (!(e instanceof ReleaseError)) throw e;
    process.stderr.write(`release: ${e.message}\n`);
    process.exitCode = e.code;
  }
}
