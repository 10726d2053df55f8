// Row: the static Alembic reader on generated histories (expand/contract branches with depends_on
// links, one planted extra head), against Alembic itself (`alembic heads`, which imports every
// revision module) when a Python with alembic is installed. Both must name the same heads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmtMs, row, timeCommand } from './lib.mjs';

const id = (branch, i) => `${branch}${String(i).padStart(12 - branch.length, '0')}`;

function revision(rev, down, { labels, depends } = {}) {
  return `"""${rev}

Revision ID: ${rev}
Revises: ${down ?? ''}
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "${rev}"
down_revision: Union[str, None] = ${down ? `"${down}"` : 'None'}
branch_labels: Union[str, Sequence[str], None] = ${labels ? `("${labels}",)` : 'None'}
depends_on: Union[str, Sequence[str], None] = ${depends ? `"${depends}"` : 'None'}


def upgrade() -> None:
    op.add_column("t_${rev}", sa.Column("c", sa.Integer(), nullable=True))
    op.create_index("ix_${rev}", "t_${rev}", ["c"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_${rev}", table_name="t_${rev}")
    op.drop_column("t_${rev}", "c")
`;
}

/** A history of `n` revisions: a base, an `expand` and a `contract` branch, and one planted head on `expand`. */
function generate(n) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'la-bench-alembic-'));
  const versions = path.join(root, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true }); // flat: Alembic before 1.10 reads no nested folders
  writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s/migrations\n');
  writeFileSync(path.join(root, 'migrations', 'env.py'), '');
  writeFileSync(path.join(versions, 'base.py'), revision(id('b', 0), null));
  const half = Math.floor((n - 2) / 2);
  for (let i = 1; i <= half; i++) {
    writeFileSync(path.join(versions, `${id('e', i)}.py`), revision(id('e', i), i === 1 ? id('b', 0) : id('e', i - 1), i === 1 ? { labels: 'expand' } : {}));
    writeFileSync(path.join(versions, `${id('c', i)}.py`), revision(id('c', i), i === 1 ? id('b', 0) : id('c', i - 1), { ...(i === 1 ? { labels: 'contract' } : {}), depends: id('e', i) }));
  }
  writeFileSync(path.join(versions, 'planted.py'), revision(id('p', 1), id('e', Math.floor(half / 2))));
  writeFileSync(path.join(root, 'guardrails.yaml'), 'version: 1\nguardrails:\n  - id: mig\n    check: migrations\n    tool: alembic\n    path: migrations\n');
  return { root, revisions: 2 + 2 * half, heads: [id('c', half), id('e', half), id('p', 1)].sort() };
}

function pythonWithAlembic() {
  for (const py of ['python3', '/usr/bin/python3', 'python']) {
    const r = spawnSync(py, ['-c', 'import alembic; print(alembic.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { py, version: r.stdout.trim() };
  }
  return null;
}

export async function migrations(repo) {
  const cli = path.join(repo, 'dist/cli.js');
  const alembic = pythonWithAlembic();
  const rows = [];
  for (const n of [500, 5000]) {
    const g = generate(n);
    try {
      const json = path.join(g.root, 'r.json');
      const ours = timeCommand(process.execPath, [cli, 'check', '--root', g.root, '--config', path.join(g.root, 'guardrails.yaml'), '--json', json, '--fail-on', 'none'], {}, 5);
      if (ours.status !== 0) throw new Error(`check failed: ${ours.stderr}`);
      const report = JSON.parse(readFileSync(json, 'utf8'));
      const detail = report.guardrails[0].detail;
      const ourHeads = (/heads?: (.*)$/.exec(detail)?.[1] ?? '').split(', ').sort();
      const findings = report.findings.map((f) => f.identity).sort();
      const okOurs = JSON.stringify(ourHeads) === JSON.stringify(g.heads) && findings.length === 2 && findings.every((f) => f.startsWith('multiple-heads:expand:'));
      const what = `Alembic history, ${g.revisions} revisions (expand/contract + depends_on, 1 planted head)`;
      if (!alembic) {
        rows.push(row([what, fmtMs(ours.ms), 'alembic not installed (apt-get install python3-alembic)', '', okOurs ? 'heads and the planted finding correct' : 'WRONG RESULT']));
        continue;
      }
      const ref = timeCommand(alembic.py, ['-m', 'alembic', '-c', path.join(g.root, 'alembic.ini'), 'heads'], { cwd: g.root }, 5);
      const refHeads = ref.stdout
        .split('\n')
        .map((l) => l.trim().split(' ')[0])
        .filter(Boolean)
        .sort();
      const agree = JSON.stringify(refHeads) === JSON.stringify(ourHeads);
      rows.push(
        row([
          what,
          fmtMs(ours.ms),
          `\`alembic heads\` ${alembic.version}: ${fmtMs(ref.ms)}`,
          `${(ref.ms / ours.ms).toFixed(2)}× faster`,
          `${okOurs ? 'planted head found' : 'WRONG RESULT'}; heads ${agree ? 'agree with alembic' : `DIFFER from alembic (${refHeads.join(', ')})`}; ours includes Node start and the bundle`,
        ]),
      );
    } finally {
      rmSync(g.root, { recursive: true, force: true });
    }
  }
  return rows;
}
