import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { baseNameOf, compileMatcher, extensionTest, isGlob, unsafeRepoPath } from '../../src/util/paths.js';
import { rng } from '../secrets/corpus.js';

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

  it('decides as picomatch does for random globs and paths (leading folders, dot segments, groups, classes, braces)', () => {
    const random = rng(11);
    const rnd = (n: number) => Math.floor(random() * n);
    const segments = ['a', 'b', 'src', '.x', 'x.py', '(x)', 'x', 'weird name', '.', '..', '', 'a[1]', 'a1', 'b.ts', '.env'];
    const parts = ['a', 'b', 'src', '*', '**', '*.py', '.x', '(x)', '{a,b}', 'a[1]', '?', '!(x)', '@(a|b)', '+(a)', 'weird name', '.', '..', '', 'x.py', 'a\\*'];
    const leaves = Array.from({ length: 300 }, () => Array.from({ length: 1 + rnd(4) }, () => segments[rnd(segments.length)]));
    // and every folder above them (`a/b/**` matches `a/b`)
    const paths = [...new Set(leaves.flatMap((l) => l.map((_, i) => l.slice(0, i + 1).join('/'))))];
    const randomGlobs = Array.from({ length: 300 }, () => Array.from({ length: 1 + rnd(4) }, () => parts[rnd(parts.length)]).join('/'));
    // and a globstar under some of the paths themselves (it matches the path too)
    for (const glob of [...randomGlobs, ...paths.slice(0, 40).map((p) => `${p}/**`)]) {
      if (glob === '' || glob.startsWith('!')) continue; // (no config holds an empty glob; a negated include: its own test below)
      const m = compileMatcher([glob]);
      const expanded = glob.replace(/^\.\//, '').replace(/\/$/, '/**');
      const globs = picomatch.scan(expanded).isGlob ? [expanded] : [expanded, `${expanded}/**`];
      const reference = picomatch(globs, { dot: true });
      for (const f of paths) expect([glob, f, m(f)]).toEqual([glob, f, f !== '' && reference(f)]);
    }
    const all = compileMatcher(['**']);
    for (const f of paths) expect([f, all(f)]).toEqual([f, f !== '' && picomatch('**', { dot: true })(f)]);
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

describe('extensionTest', () => {
  it('says what endsWith says of every extension, for any name', () => {
    const lists = [['.py', '.pyi'], ['.ts', '.d.ts', '.tsx', '.mts'], ['.astro', '.mdx', 'Makefile', '.é', '.文件', ''], []];
    const names = ['', 'a.py', 'a.pyi', 'a.py.txt', 'x.d.ts', 'x.ts', 'xts', 'a.tsx', 'Makefile', 'src/Makefile', 'a.é', 'b.文件', 'c.文', 'é', '.py', 'a.mdx', 'a.MDX'];
    for (const exts of lists) {
      const test = extensionTest(exts);
      for (const n of names) expect([exts, n, test(n)]).toEqual([exts, n, exts.some((e) => n.endsWith(e))]);
    }
  });
});

describe('baseNameOf', () => {
  it("is the name among those given that a path's last segment is, as slicing it off would tell", () => {
    const names = ['setup.py', 'py', 'pyproject.toml', 'Pipfile'] as const;
    const paths = ['setup.py', 'a/setup.py', 'a/b/setup.py', 'asetup.py', 'a/xsetup.py', 'setup.py/x', 'py', 'a/py', 'a.py', 'Pipfile', 'pipfile', 'a/Pipfile.lock', '', '/setup.py', 'a//py'];
    for (const p of paths) {
      const base = p.slice(p.lastIndexOf('/') + 1);
      expect(baseNameOf(p, names), p).toBe((names as readonly string[]).includes(base) ? base : undefined);
    }
    const rand = rng(11);
    const parts = ['a', 'setup.py', 'py', '', 'x.py', 'Pipfile'];
    for (let i = 0; i < 2000; i++) {
      const p = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => parts[Math.floor(rand() * parts.length)]!).join(rand() < 0.5 ? '/' : '');
      const base = p.slice(p.lastIndexOf('/') + 1);
      expect(baseNameOf(p, names), p).toBe((names as readonly string[]).includes(base) ? base : undefined);
    }
  });
});
