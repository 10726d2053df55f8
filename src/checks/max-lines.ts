import type { Finding } from '../types.js';
import { isBinary } from '../workspace/workspace.js';
import { asList, globs } from './schema-bits.js';
import { findingOf, defineKind } from './types.js';

/** Lines as `wc -l` counts them, plus a last line without a newline. */
export function countLines(buf: Buffer): number {
  let n = 0;
  let i = -1;
  while ((i = buf.indexOf(10, i + 1)) !== -1) n++;
  if (buf.length > 0 && buf[buf.length - 1] !== 10) n++;
  return n;
}

export const maxLines = defineKind({
  kind: 'max-lines',
  description: 'No file grows past a number of lines (the monolith guard).',
  tags: ['maintainability', 'architecture'],
  schema: {
    properties: {
      paths: globs('Files to measure (globs). Default: every file.'),
      exclude: globs('Files not to measure (globs).'),
      max: { type: 'integer', minimum: 1, description: 'The largest number of lines a file may have.' },
    },
    required: ['max'],
  },
  async run(ctx, g) {
    const max = g.options.max;
    const files = ctx.workspace.select(asList(g.options.paths), asList(g.options.exclude));
    const findings: Finding[] = [];
    let measured = 0;
    for (const file of files) {
      const buf = await ctx.workspace.readBytes(file);
      if (!buf || isBinary(buf)) continue;
      measured++;
      const lines = countLines(buf);
      if (lines > max) {
        findings.push(
          findingOf(g, {
            file,
            line: max + 1,
            message: `${file} has ${lines} lines, over the limit of ${max} (${lines - max} too many). Split it into smaller modules.`,
            identity: '',
            properties: { lines, max, scope: 'file' }, // SARIF puts it on line 1 (src/report/sarif.ts regionOf)
          }),
        );
      }
    }
    return { findings, detail: `${measured} file${measured === 1 ? '' : 's'} measured` };
  },
});
