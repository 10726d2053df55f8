import { ConfigError } from '../errors.js';
import { analyzeAlembic } from '../migrations/alembic.js';
import { analyzeDjango } from '../migrations/django.js';
import { analyzePrisma } from '../migrations/prisma.js';
import type { ToolResult } from '../migrations/types.js';
import { findingOf, defineKind } from './types.js';

const TOOLS = ['alembic', 'django', 'prisma'] as const;
type Tool = (typeof TOOLS)[number];

const DEFAULT_PATH: Record<Tool, string | undefined> = { alembic: undefined, django: '.', prisma: 'prisma' };

export const migrations = defineKind({
  kind: 'migrations',
  description:
    'The migration history is sound, read statically without a database: one head per branch, no dangling or duplicate revisions, no cycles (Alembic); one leaf per app (Django); ordered, complete folders of the right provider (Prisma).',
  tags: ['architecture', 'migrations'],
  schema: {
    properties: {
      tool: { enum: [...TOOLS], description: 'The migration tool: alembic, django or prisma.' },
      path: {
        type: 'string',
        format: 'repo-glob',
        minLength: 1,
        description:
          'alembic: the script directory (holding versions/) or the versions directory; alembic.ini (or pyproject.toml [tool.alembic]) in it or beside it is read for version_locations. django: the project folder holding <app>/migrations/ (default: the root). prisma: the folder holding schema.prisma and migrations/ (default: prisma).',
      },
    },
    required: ['tool'],
  },
  validate(options, locate) {
    if (options.tool === 'alembic' && options.path === undefined) {
      throw new ConfigError("a 'migrations' guardrail with tool: alembic needs 'path'", {
        ...locate(['tool']),
        hint: 'the Alembic script directory, e.g. path: backend/alembic (or its versions directory)',
      });
    }
  },
  async run(ctx, g) {
    const tool: Tool = g.options.tool;
    const dir = g.options.path ?? DEFAULT_PATH[tool]!;
    const result = await ctx.facts.get<ToolResult>(`migrations:${tool}:${dir}`, () => {
      if (tool === 'alembic') return analyzeAlembic(ctx.workspace, dir);
      if (tool === 'django') return analyzeDjango(ctx.workspace, dir);
      return analyzePrisma(ctx.workspace, dir);
    });
    if (result.missing) {
      const at = g.keyPos.path ?? g.keyPos.tool ?? g.pos;
      throw new ConfigError(`guardrail '${g.id}': ${result.missing}`, { ...at, hint: 'check the path: it is relative to the repository root' });
    }
    const findings = result.problems.map((p) =>
      findingOf(g, { file: p.file, line: p.line, ...(p.column ? { column: p.column } : {}), message: p.message, identity: p.identity, properties: { tool, ...(p.properties ?? {}) } }),
    );
    return { findings, detail: result.detail };
  },
});
