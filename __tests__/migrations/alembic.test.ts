import { describe, expect, it } from 'vitest';
import { runOn } from '../run.js';

type RevOpts = { labels?: string; depends?: string; annotated?: boolean; title?: string; extra?: string };

/** An Alembic revision file as `alembic revision` writes it; `down` is Python source. */
function rev(id: string, down: string, o: RevOpts = {}): string {
  const t = o.annotated === false ? '' : ': str';
  const u = o.annotated === false ? '' : ': Union[str, Sequence[str], None]';
  return [
    `"""${o.title ?? `revision ${id}`}`,
    '',
    `Revision ID: ${id}`,
    '"""',
    '',
    'from typing import Sequence, Union',
    ...(o.extra ? [o.extra] : []),
    '',
    `revision${t} = "${id}"`,
    `down_revision${u} = ${down}`,
    `branch_labels${u} = ${o.labels ?? 'None'}`,
    `depends_on${u} = ${o.depends ?? 'None'}`,
    '',
    'def upgrade() -> None:',
    '    pass',
    '',
  ].join('\n');
}
// lines of rev(): revision = 8 (+1 with extra), down_revision = 9, branch_labels = 10, depends_on = 11

const yaml = (path: string, extra = '') => `version: 1\nguardrails:\n  - id: mig\n    check: migrations\n    tool: alembic\n    path: ${path}\n${extra}`;

async function check(files: Record<string, string>, path = 'db/alembic') {
  const { report } = await runOn(files, yaml(path));
  return report;
}
const brief = (r: Awaited<ReturnType<typeof check>>) => r.findings.map((f) => `${f.file}:${f.line} ${f.identity}`);

describe('migrations, tool: alembic', () => {
  it('two unlabelled heads: one finding per head at its down_revision line, naming both and the merge command', async () => {
    const r = await check({
      'db/alembic/env.py': 'from alembic import context\n',
      'db/alembic/versions/aaa_base.py': rev('aaa', 'None', { annotated: false }),
      'db/alembic/versions/bbb.py': rev('bbb', '"aaa"', { title: 'add workflows' }),
      'db/alembic/versions/ccc.py': rev('ccc', "'bbb'", { title: 'add audit_log' }),
      'db/alembic/versions/ddd.py': rev('ddd', '"bbb"'),
    });
    expect(brief(r)).toEqual(['db/alembic/versions/ccc.py:9 multiple-heads::ccc', 'db/alembic/versions/ddd.py:9 multiple-heads::ddd']);
    const m = r.findings[0]!.message;
    expect(m).toContain('ccc ("add audit_log") is one of 2 heads without a branch label: ccc and ddd (both revise bbb)');
    expect(m).toContain('`alembic merge -m "merge heads" ccc ddd`');
    expect(r.findings[0]!.properties).toMatchObject({ tool: 'alembic', heads: ['ccc', 'ddd'] });
    expect(r.guardrails[0]!.detail).toBe('4 revisions in db/alembic/versions, 2 heads: ccc, ddd');
  });

  it('a merge revision (tuple down_revision) leaves one head', async () => {
    const r = await check({
      'db/alembic/versions/a.py': rev('aaa', 'None'),
      'db/alembic/versions/b.py': rev('bbb', '"aaa"'),
      'db/alembic/versions/c.py': rev('ccc', '"aaa"'),
      'db/alembic/versions/m.py': rev('mmm', '("bbb", "ccc")'),
    });
    expect(r.findings).toEqual([]);
    expect(r.guardrails[0]!.detail).toMatch(/1 head: mmm$/);
  });

  it('a healthy expand/contract history: labelled branches, depends_on across them, a labelled second base — no finding', async () => {
    const r = await check({
      'db/alembic/versions/base.py': rev('base01', 'None'),
      'db/alembic/versions/expand/e1.py': rev('exp001', '"base01"', { labels: '("expand",)' }),
      'db/alembic/versions/expand/e2.py': rev('exp002', '"exp001"'),
      'db/alembic/versions/contract/c1.py': rev('con001', '"base01"', { labels: '"contract"', depends: '"exp001"' }),
      'db/alembic/versions/contract/c2.py': rev('con002', '"con001"', { depends: '["exp002", "expand"]' }),
      'db/alembic/versions/net/n1.py': rev('net001', 'None', { labels: "['networking']" }),
      'db/alembic/versions/net/n2.py': rev('net002', '"net001"'),
    });
    expect(brief(r)).toEqual([]);
    expect(r.guardrails[0]!.detail).toBe('7 revisions in db/alembic/versions, 3 heads: con002, exp002, net002');
  });

  it('two heads on one labelled branch', async () => {
    const r = await check({
      'db/alembic/versions/base.py': rev('base01', 'None'),
      'db/alembic/versions/e1.py': rev('exp001', '"base01"', { labels: '("expand",)' }),
      'db/alembic/versions/e2.py': rev('exp002', '"exp001"'),
      'db/alembic/versions/e3.py': rev('exp003', '"exp001"'),
      'db/alembic/versions/c1.py': rev('con001', '"base01"', { labels: '("contract",)' }),
    });
    expect(brief(r)).toEqual(['db/alembic/versions/e2.py:9 multiple-heads:expand:exp002', 'db/alembic/versions/e3.py:9 multiple-heads:expand:exp003']);
    expect(r.findings[0]!.message).toContain("heads of branch 'expand'");
    expect(r.findings[0]!.message).toContain('`alembic merge -m "merge expand heads" exp002 exp003`');
  });

  it('more than one base without labels', async () => {
    const r = await check({
      'db/alembic/versions/a.py': rev('aaa', 'None'),
      'db/alembic/versions/b.py': rev('bbb', 'None'),
      'db/alembic/versions/m.py': rev('mmm', '("aaa", "bbb")'),
    });
    expect(brief(r)).toEqual(['db/alembic/versions/a.py:9 multiple-bases:aaa', 'db/alembic/versions/b.py:9 multiple-bases:bbb']);
    expect(r.findings[0]!.message).toContain('one of 2 base revisions (down_revision = None) without a branch label: aaa and bbb');
  });

  it('a down_revision that names no revision, at the line of the item, with a near id', async () => {
    const r = await check({
      'db/alembic/versions/a.py': rev('ae1027a6acf0', 'None'),
      'db/alembic/versions/b.py': rev('bbb', '(\n    "ae1027a6acf0",\n    "ae1027a6acfx",\n)'),
    });
    expect(brief(r)).toEqual(['db/alembic/versions/b.py:11 missing-down-revision:ae1027a6acfx']);
    expect(r.findings[0]!.message).toContain('Revision bbb revises ae1027a6acfx, which is no revision here');
    expect(r.findings[0]!.message).toContain('Did you mean ae1027a6acf0?');
  });

  it('a depends_on that names no revision or label', async () => {
    const r = await check({
      'db/alembic/versions/a.py': rev('aaa', 'None'),
      'db/alembic/versions/b.py': rev('bbb', '"aaa"', { depends: '("gone01",)' }),
    });
    expect(brief(r)).toEqual(['db/alembic/versions/b.py:11 missing-depends-on:gone01']);
  });

  it('duplicate revision ids and duplicate branch labels', async () => {
    const r = await check({
      'db/alembic/versions/a.py': rev('aaa', 'None'),
      'db/alembic/versions/b.py': rev('bbb', '"aaa"', { labels: '("feature",)' }),
      'db/alembic/versions/b_copy.py': rev('bbb', '"aaa"'),
      'db/alembic/versions/c.py': rev('ccc', '"bbb"', { labels: '("feature", "aaa")' }),
    });
    expect(brief(r)).toEqual(['db/alembic/versions/b_copy.py:8 duplicate-revision:bbb', 'db/alembic/versions/c.py:10 duplicate-label:feature', 'db/alembic/versions/c.py:10 label-is-revision:aaa']);
    expect(r.findings[0]!.message).toContain('Revision id bbb is declared twice: in db/alembic/versions/b.py and in db/alembic/versions/b_copy.py');
  });

  it('a cycle is one finding naming the revisions in order', async () => {
    const r = await check({
      'db/alembic/versions/a.py': rev('aaa', 'None'),
      'db/alembic/versions/b.py': rev('bbb', '"ddd"'),
      'db/alembic/versions/c.py': rev('ccc', '"bbb"'),
      'db/alembic/versions/d.py': rev('ddd', '"ccc"'),
      'db/alembic/versions/e.py': rev('eee', '"aaa"'),
    });
    const cycle = r.findings.filter((f) => f.identity.startsWith('cycle:'));
    expect(cycle.map((f) => `${f.file}:${f.line}`)).toEqual(['db/alembic/versions/b.py:9']);
    expect(cycle[0]!.message).toContain('bbb → ddd → ccc → bbb');
  });

  it('revision ids imported from another module of the tree, one step', async () => {
    const r = await check({
      'db/__init__.py': '',
      'db/revs.py': 'BASE = "aaa"\nMID = "bbb"\n',
      'db/alembic/versions/a.py': rev('aaa', 'None'),
      'db/alembic/versions/b.py': rev('bbb', 'BASE', { extra: 'from db.revs import BASE' }),
      'db/alembic/versions/c.py': rev('ccc', 'revs.MID', { extra: 'from db import revs' }),
      'db/alembic/versions/d.py': rev('ddd', 'MID', { extra: 'from ...revs import MID' }),
    });
    // b revises aaa; c and d both revise bbb: two heads, read through the constants
    expect(brief(r)).toEqual(['db/alembic/versions/c.py:10 multiple-heads::ccc', 'db/alembic/versions/d.py:10 multiple-heads::ddd']);
  });

  it('a value that cannot be read statically is said so, at its line', async () => {
    const r = await check({
      'db/alembic/versions/a.py': rev('aaa', 'None'),
      'db/alembic/versions/b.py': rev('bbb', 'compute()'),
      'db/alembic/versions/helper.py': 'X = 1\n',
      'db/alembic/versions/__init__.py': '',
    });
    expect(brief(r)).toEqual(['db/alembic/versions/b.py:9 unreadable:down_revision', 'db/alembic/versions/helper.py:1 no-revision']);
    expect(r.findings[0]!.message).toContain('`compute()`');
  });

  it('version_locations from alembic.ini beside the script directory (%(here)s, relative, nested folders)', async () => {
    const ini = '[alembic]\nscript_location = %(here)s/alembic\nversion_locations = %(here)s/alembic/versions:model_a/versions\nversion_path_separator = os\n';
    const files = {
      'svc/alembic.ini': ini,
      'svc/alembic/env.py': '',
      'svc/alembic/versions/2024/a.py': rev('aaa', 'None'),
      'svc/model_a/versions/b.py': rev('bbb', '"aaa"'),
      'svc/model_a/versions/deep/er/c.py': rev('ccc', '"aaa"'),
      'svc/elsewhere/versions/d.py': rev('ddd', '"aaa"'), // not a version location: not read
    };
    const r = await check(files, 'svc/alembic');
    expect(brief(r)).toEqual(['svc/model_a/versions/b.py:9 multiple-heads::bbb', 'svc/model_a/versions/deep/er/c.py:9 multiple-heads::ccc']);
    expect(r.guardrails[0]!.detail).toBe('3 revisions in svc/alembic/versions, svc/model_a/versions (from svc/alembic.ini), 2 heads: bbb, ccc');
    // the versions directory itself as path: only that directory
    const r2 = await check(files, 'svc/model_a/versions');
    expect(brief(r2)).toEqual([
      'svc/model_a/versions/b.py:9 multiple-heads::bbb',
      'svc/model_a/versions/b.py:9 missing-down-revision:aaa',
      'svc/model_a/versions/deep/er/c.py:9 multiple-heads::ccc',
      'svc/model_a/versions/deep/er/c.py:9 missing-down-revision:aaa',
    ]);
  });

  it('the legacy separator (spaces, commas) and an ini of another environment', async () => {
    const r = await check(
      {
        'alembic.ini': '[alembic]\nscript_location = migrations\nversion_locations = migrations/versions, extra/versions\n',
        'migrations/env.py': '',
        'migrations/versions/a.py': rev('aaa', 'None'),
        'extra/versions/b.py': rev('bbb', '"aaa"'),
        'other/alembic.ini': '[alembic]\nscript_location = somewhere_else\nversion_locations = nowhere\n',
        'other/alembic/versions/x.py': rev('xxx', 'None'),
        'other/alembic/versions/y.py': rev('yyy', 'None'),
      },
      'migrations',
    );
    expect(r.findings).toEqual([]);
    expect(r.guardrails[0]!.detail).toMatch(/^2 revisions in extra\/versions, migrations\/versions \(from alembic.ini\)/);
    const r2 = await check(
      {
        'other/alembic.ini': '[alembic]\nscript_location = somewhere_else\nversion_locations = nowhere\n',
        'other/alembic/versions/x.py': rev('xxx', 'None'),
        'other/alembic/versions/y.py': rev('yyy', '"xxx"'),
      },
      'other/alembic',
    );
    expect(r2.guardrails[0]!.detail).toBe('2 revisions in other/alembic/versions, 1 head: yyy');
  });

  it('a path that holds nothing is a configuration error at the path key; alembic needs a path', async () => {
    await expect(runOn({ 'a.py': '' }, yaml('db/alembic'))).rejects.toMatchObject({ name: 'ConfigError', line: 6, message: expect.stringContaining('db/alembic holds no files') });
    await expect(runOn({}, 'version: 1\nguardrails:\n  - id: mig\n    check: migrations\n    tool: alembic\n')).rejects.toMatchObject({ name: 'ConfigError', line: 5 });
  });

  it('two guardrails on the same history share one reading', async () => {
    const files = { 'db/alembic/versions/a.py': rev('aaa', 'None') };
    const { report } = await runOn(files, `${yaml('db/alembic')}  - id: mig2\n    check: migrations\n    tool: alembic\n    path: db/alembic\n    severity: warning\n`);
    expect(report.guardrails.map((g) => g.status)).toEqual(['pass', 'pass']);
  });
});

describe('migrations, tool: alembic, configured in pyproject.toml', () => {
  it('[tool.alembic] version_locations as a list', async () => {
    const { report } = await runOn(
      {
        'pyproject.toml': '[project]\nname = "x"\n\n[tool.alembic]\nscript_location = "%(here)s/db"\nversion_locations = ["%(here)s/db/versions", "%(here)s/plugins/billing/versions"]\n',
        'db/env.py': '',
        'db/versions/a.py': 'revision = "aaa"\ndown_revision = None\n',
        'plugins/billing/versions/b.py': 'revision = "bbb"\ndown_revision = "aaa"\n',
        'plugins/other/versions/c.py': 'revision = "ccc"\ndown_revision = "aaa"\n',
      },
      yaml('db'),
    );
    expect(report.findings).toEqual([]);
    expect(report.guardrails[0]!.detail).toBe('2 revisions in db/versions, plugins/billing/versions (from pyproject.toml), 1 head: bbb');
  });
});
