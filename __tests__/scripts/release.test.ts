import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { bumpJson, compareVersions, parseVersion, release, releaseChangelog, tagsFor } from '../../scripts/release.mjs';
import { tmpDir } from '../helpers.js';

const CHANGELOG = `# Changelog

## [Unreleased]

### Added
- A thing users see.

## [0.1.0]

### Added
- First version.

[Unreleased]: https://github.com/acme/guardrails/compare/v0.1.0...HEAD
[0.1.0]: https://github.com/acme/guardrails/releases/tag/v0.1.0
`;

/** A repository on main with stub bundle/check-dist/test scripts (no network, no real build). */
function repo(opts: { branch?: string; checkDist?: string } = {}): string {
  const dir = tmpDir('la-release-');
  const pkg = {
    name: 'x',
    version: '0.1.0',
    scripts: { bundle: "node -e \"require('fs').writeFileSync('dist.js', 'built\\\\n')\"", 'check-dist': opts.checkDist ?? 'node -e ""', test: 'node -e ""' },
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify({ name: 'x', version: '0.1.0', lockfileVersion: 3, packages: { '': { name: 'x', version: '0.1.0' } } }, null, 2)}\n`);
  writeFileSync(path.join(dir, 'CHANGELOG.md'), CHANGELOG);
  writeFileSync(path.join(dir, 'dist.js'), 'built\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', opts.branch ?? 'main');
  git('add', '-A');
  git('commit', '-qm', 'init');
  return dir;
}

const git = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

function runRelease(dir: string, argv: string[]): { steps: string[]; log: string[] } {
  const log: string[] = [];
  const env = { ...process.env };
  process.env.GIT_AUTHOR_NAME = 't';
  process.env.GIT_AUTHOR_EMAIL = 't@example.invalid';
  process.env.GIT_COMMITTER_NAME = 't';
  process.env.GIT_COMMITTER_EMAIL = 't@example.invalid';
  try {
    const steps = release({ cwd: dir, argv, log: (l: string) => log.push(l), date: '2026-12-05', npmOutput: 'capture' }) as string[];
    return { steps, log };
  } finally {
    process.env = env;
  }
}

describe('versions and the changelog', () => {
  it('semver only, compared as semver', () => {
    expect(parseVersion('v1.2.3')).toMatchObject({ major: 1, minor: 2, patch: 3, pre: '', text: '1.2.3' });
    for (const bad of ['1.2', '01.2.3', '1.2.3.4', 'latest', '', '1.2.3 ']) expect(() => parseVersion(bad)).toThrow(/semver/);
    expect(compareVersions(parseVersion('1.10.0'), parseVersion('1.9.9'))).toBeGreaterThan(0);
    expect(compareVersions(parseVersion('1.0.0-rc.1'), parseVersion('1.0.0'))).toBeLessThan(0);
    expect(tagsFor(parseVersion('1.4.2'))).toEqual({ tag: 'v1.4.2', major: 'v1' });
    expect(tagsFor(parseVersion('2.0.0-rc.1'))).toEqual({ tag: 'v2.0.0-rc.1', major: null });
  });

  it('[Unreleased] becomes the release, a fresh [Unreleased] above it, links updated', () => {
    const out = releaseChangelog(CHANGELOG, '1.0.0', '2026-12-05', null);
    expect(out).toContain('## [Unreleased]\n\n## [1.0.0] - 2026-12-05\n\n### Added\n- A thing users see.\n\n## [0.1.0]');
    expect(out).toContain('[Unreleased]: https://github.com/acme/guardrails/compare/v1.0.0...HEAD\n[1.0.0]: https://github.com/acme/guardrails/compare/v0.1.0...v1.0.0\n[0.1.0]:');
    expect(out.match(/## \[Unreleased\]/g)).toHaveLength(1);
  });

  it('an empty [Unreleased], a missing one, or a version released twice is refused', () => {
    expect(() => releaseChangelog('# Changelog\n\n## [Unreleased]\n\n## [0.1.0]\n- x\n', '1.0.0', 'd', null)).toThrow(/lists no change/);
    expect(() => releaseChangelog('# Changelog\n', '1.0.0', 'd', null)).toThrow(/no '## \[Unreleased\]'/);
    expect(() => releaseChangelog(CHANGELOG, '0.1.0', 'd', null)).toThrow(/already has a section/);
  });

  it('package.json and the lock file get the version', () => {
    expect(JSON.parse(bumpJson('{"name":"x","version":"0.1.0"}', '1.0.0'))).toEqual({ name: 'x', version: '1.0.0' });
    expect(JSON.parse(bumpJson('{"version":"0.1.0","packages":{"":{"version":"0.1.0"}}}', '1.0.0', true)).packages[''].version).toBe('1.0.0');
  });

  it('the repository CHANGELOG.md can be released as it stands', () => {
    const text = readFileSync(path.resolve(__dirname, '../../CHANGELOG.md'), 'utf8');
    expect(releaseChangelog(text, '1.0.0', '2026-12-05', null)).toMatch(/^## \[1\.0\.0\] - 2026-12-05$/m);
  });
});

describe('npm run release on a temporary repository (no push, no network)', () => {
  it('--dry-run checks, prints every step and changes nothing', () => {
    const dir = repo();
    const head = git(dir, 'rev-parse', 'HEAD');
    const { steps, log } = runRelease(dir, ['1.0.0', '--dry-run']);
    expect(steps.join('\n')).toMatch(
      /npm run bundle[\s\S]*check-dist[\s\S]*npm test[\s\S]*0\.1\.0 -> 1\.0\.0[\s\S]*CHANGELOG[\s\S]*git commit[\s\S]*git tag -a v1\.0\.0[\s\S]*v1 \(the moving major tag\)/,
    );
    expect(log.every((l) => l.startsWith('[dry run]') || /^release v1\.0\.0|^push with/.test(l))).toBe(true);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'tag')).toBe('');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8')).toBe(CHANGELOG);
  });

  it('a release commits, tags vX.Y.Z and moves vX; the next release moves vX again', () => {
    const dir = repo();
    runRelease(dir, ['1.0.0']);
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version).toBe('1.0.0');
    expect(JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')).packages[''].version).toBe('1.0.0');
    expect(readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8')).toMatch(/## \[Unreleased\]\n\n## \[1\.0\.0\] - 2026-12-05/);
    expect(git(dir, 'log', '-1', '--format=%s')).toBe('Release v1.0.0');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    const release1 = git(dir, 'rev-parse', 'HEAD');
    expect(git(dir, 'rev-parse', 'v1.0.0^{commit}')).toBe(release1);
    expect(git(dir, 'rev-parse', 'v1^{commit}')).toBe(release1);

    writeFileSync(path.join(dir, 'CHANGELOG.md'), readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8').replace('## [Unreleased]\n', '## [Unreleased]\n\n### Fixed\n- A bug.\n'));
    execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-qam', 'fix'], { cwd: dir });
    runRelease(dir, ['1.0.1', '--skip-tests']);
    const release2 = git(dir, 'rev-parse', 'HEAD');
    expect(git(dir, 'rev-parse', 'v1^{commit}')).toBe(release2);
    expect(git(dir, 'rev-parse', 'v1.0.0^{commit}')).toBe(release1);
    expect(git(dir, 'tag').split('\n').sort()).toEqual(['v1', 'v1.0.0', 'v1.0.1']);
  });

  it('refused: a dirty tree, another branch, an old version, an existing tag, a stale dist/', () => {
    const dirty = repo();
    writeFileSync(path.join(dirty, 'stray.txt'), 'x');
    expect(() => runRelease(dirty, ['1.0.0', '--dry-run'])).toThrow(/not clean[\s\S]*stray\.txt/);
    expect(() => runRelease(repo({ branch: 'feature' }), ['1.0.0', '--dry-run'])).toThrow(/from main, this is 'feature'/);
    expect(() => runRelease(repo(), ['0.1.0', '--dry-run'])).toThrow(/not above the current version 0\.1\.0/);
    expect(() => runRelease(repo(), ['1.0', '--dry-run'])).toThrow(/semver/);
    const tagged = repo();
    git(tagged, 'tag', 'v1.0.0');
    expect(() => runRelease(tagged, ['1.0.0', '--dry-run'])).toThrow(/v1\.0\.0 exists already/);
    const stale = repo({ checkDist: 'node -e "process.exit(1)"' });
    // The npm scripts' output is captured, not printed: it is in the error of the one that failed.
    expect(() => runRelease(stale, ['1.0.0'])).toThrow(/check-dist failed:\n> x@0\.1\.0 check-dist\n/);
    expect(git(stale, 'tag')).toBe('');
    expect(JSON.parse(readFileSync(path.join(stale, 'package.json'), 'utf8')).version).toBe('0.1.0');
  });

  it('a build that changes committed files (dist/ not rebuilt before the release) is refused', () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'dist.js'), 'old\n');
    execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-qam', 'stale dist'], { cwd: dir });
    expect(() => runRelease(dir, ['1.0.0'])).toThrow(/build changed committed files[\s\S]*dist\.js/);
    expect(git(dir, 'tag')).toBe('');
  });
});
