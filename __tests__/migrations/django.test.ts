import { describe, expect, it } from 'vitest';
import { runOn } from '../run.js';

/** A Django migration file; `deps` is Python source of the dependencies list items. */
function mig(deps: string[], extra = ''): string {
  return [
    'from django.conf import settings',
    'from django.db import migrations, models',
    '',
    '',
    'class Migration(migrations.Migration):',
    ...(extra ? [extra] : []),
    '    dependencies = [',
    ...deps.map((d) => `        ${d},`),
    '    ]',
    '',
    '    operations = []',
    '',
  ].join('\n');
}
// `dependencies = [` is on line 6 (7 with extra); item i on line 7 + i (8 + i)

const yaml = (extra = '') => `version: 1\nguardrails:\n  - id: dj\n    check: migrations\n    tool: django\n${extra}`;
const brief = (r: { findings: { file: string; line: number; identity: string }[] }) => r.findings.map((f) => `${f.file}:${f.line} ${f.identity}`);

describe('migrations, tool: django', () => {
  it('two leaves in one app: one finding per leaf, with makemigrations --merge', async () => {
    const { report } = await runOn(
      {
        'blog/migrations/__init__.py': '',
        'blog/migrations/0001_initial.py': mig(['migrations.swappable_dependency(settings.AUTH_USER_MODEL)', '("auth", "0012_alter_user_first_name_max_length")']),
        'blog/migrations/0002_add_tags.py': mig(['("blog", "0001_initial")']),
        'blog/migrations/0002_add_slug.py': mig(["('blog', '0001_initial')"]),
        'shop/migrations/0001_initial.py': mig(['("blog", "0002_add_tags")']),
        'shop/migrations/0002_more.py': mig(['("shop", "0001_initial")', '("blog", "__first__")']),
      },
      yaml(),
    );
    expect(brief(report)).toEqual(['blog/migrations/0002_add_slug.py:6 multiple-leaves:blog:0002_add_slug', 'blog/migrations/0002_add_tags.py:6 multiple-leaves:blog:0002_add_tags']);
    expect(report.findings[0]!.message).toBe(
      'Migration blog.0002_add_slug is one of 2 leaf migrations of app \'blog\': 0002_add_slug, 0002_add_tags. Django stops with "Conflicting migrations detected". Merge them: `python manage.py makemigrations --merge blog`.',
    );
    expect(report.guardrails[0]!.detail).toBe('5 migrations in 2 apps, 1 app with several leaves');
  });

  it('a merge migration resolves the conflict; a child in another app does not', async () => {
    const { report } = await runOn(
      {
        'apps/blog/migrations/0001_initial.py': mig([]),
        'apps/blog/migrations/0002_a.py': mig(['("blog", "0001_initial")']),
        'apps/blog/migrations/0002_b.py': mig(['("blog", "0001_initial")']),
        'apps/blog/migrations/0003_merge.py': mig(['("blog", "0002_a")', '("blog", "0002_b")']),
        'apps/blog/migrations/helpers_not_a_migration.txt': 'x',
      },
      yaml('    path: apps\n'),
    );
    expect(report.findings).toEqual([]);
  });

  it('a dependency on a missing migration is a finding at its line', async () => {
    const { report } = await runOn(
      {
        'blog/migrations/0001_initial.py': mig([]),
        'blog/migrations/0002_x.py': mig(['("blog", "0001_initial")', '("blog", "0001_inital")']),
      },
      yaml(),
    );
    expect(brief(report)).toEqual(['blog/migrations/0002_x.py:8 missing-dependency:blog.0001_inital']);
    expect(report.findings[0]!.message).toContain('Did you mean 0001_initial?');
  });

  it('squashed migrations stand for the ones they replace', async () => {
    const { report } = await runOn(
      {
        'blog/migrations/0001_initial.py': mig([]),
        'blog/migrations/0002_a.py': mig(['("blog", "0001_initial")']),
        'blog/migrations/0001_squashed_0002_a.py': mig([], '    replaces = [("blog", "0001_initial"), ("blog", "0002_a")]'),
        'blog/migrations/0003_b.py': mig(['("blog", "0002_a")']),
      },
      yaml(),
    );
    expect(report.findings).toEqual([]);
    expect(report.guardrails[0]!.detail).toBe('2 migrations in 1 app');
  });

  it('cycles, and files without a Migration class', async () => {
    const { report } = await runOn(
      {
        'blog/migrations/0001_initial.py': mig(['("blog", "0002_x")']),
        'blog/migrations/0002_x.py': mig(['("blog", "0001_initial")']),
        'blog/migrations/utils.py': 'def helper():\n    pass\n',
        'blog/migrations/_private.py': 'x = 1\n',
      },
      yaml(),
    );
    expect(brief(report)).toEqual(['blog/migrations/0001_initial.py:6 cycle:blog.0001_initial,blog.0002_x', 'blog/migrations/utils.py:1 no-migration-class']);
    expect(report.findings[0]!.message).toContain('blog.0001_initial → blog.0002_x → blog.0001_initial');
  });
});
