import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compileMatcher, isGlob, unsafeRepoPath } from '../../src/util/paths.js';

const FILES = [
  'backend/app/main.py',
  'backend/app/__init__.py',
  'backend/.env',
  'backend',
  'frontend/src/a.ts',
  'frontend/src/deep/b.tsx',
  '.github/workflows/ci.yml',
  'docs/adr/0001-x.md',
  'a[1].py',
  'weird name/(x).py',
  'x.py',
  'services/svc0/mod1.py',
  'services/svc10/mod1.py',
  './x.py',
  'a/../b.py',
  'a/..',
  '..',
  'a/.../b',
  'a/..b/c',
  'a/./b',
  'a/b/',
  '/a/b',
  'a//b',
];

const GLOBS = [
  '**',
  '**/*.py',
  'backend/**',
  'backend',
  'backend/',
  './frontend/src',
  '*.py',
  'services/svc0/**',
  'services/svc1*/**',
  '**/.env',
  '.github/**/*.yml',
  'a[1].py',
  'weird name/(x).py',
  '{docs,frontend}/**',
  '*(x).py',
  'weird name/!(y).py',
];

describe('compileMatcher', () => {
  it("decides as picomatch does for every glob (with a directory's name standing for what is under it)", () => {
    for (const g of GLOBS) {
      const m = compileMatcher([g]);
      const expanded = g.replace(/^\.\//, '').replace(/\/$/, '/**');
      const globs = picomatch.scan(expanded).isGlob ? [expanded] : [expanded, `${expanded}/**`];
      const reference = picomatch(globs, { dot: true });
      for (const f of FILES) expect([g, f, m(f)]).toEqual([g, f, reference(f)]);
    }
    // `**` among other globs (its own fast path)
    const mixed = compileMatcher(['backend/**', '**'], ['x.py']);
    const inc = picomatch(['backend/**', '**'], { dot: true });
    for (const f of FILES) expect([f, mixed(f)]).toEqual([f, f !== '' && inc(f) && f !== 'x.py']);
  });

  it('takes excludes and negated includes away; an empty include list matches everything but the empty path', () => {
    const m = compileMatcher(['backend/**', '!backend/.env'], ['**/__init__.py']);
    expect(FILES.filter(m)).toEqual(['backend/app/main.py', 'backend']); // (a globstar matches no segment too)
    // a leading ! negates the glob after it
    expect(FILES.filter(compileMatcher(['!(x).py']))).toEqual(FILES.filter((f) => f !== 'x.py')); // ((x) is a group)
    const all = compileMatcher(undefined, ['frontend']);
    expect(FILES.filter(all)).toEqual(FILES.filter((f) => !f.startsWith('frontend/')));
    expect(compileMatcher(['**'])('')).toBe(false);
  });

  it('globs and unsafe paths are told apart', () => {
    expect(isGlob('src/**')).toBe(true);
    expect(isGlob('src/app')).toBe(false);
    expect(unsafeRepoPath('../x')).toContain('..');
    expect(unsafeRepoPath('/etc/passwd')).toContain('absolute');
    expect(unsafeRepoPath('src/**')).toBeNull();
  });
});
