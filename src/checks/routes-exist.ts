import { ConfigError } from '../errors.js';
import { canonicalPath, getRoutes, nearestRoutes, parseRouteSpec, routeMatches } from '../routes/index.js';
import type { Finding } from '../types.js';
import { compileMatcher } from '../util/paths.js';
import { plural } from '../util/text.js';
import { asList, globs } from './schema-bits.js';
import { findingOf, defineKind } from './types.js';

export const routesExist = defineKind({
  kind: 'routes-exist',
  description: 'HTTP routes exist in the code (FastAPI, Flask, Express, Next.js), with router prefixes resolved across files.',
  tags: ['reliability', 'api'],
  schema: {
    properties: {
      routes: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', pattern: '^\\s*[A-Za-z*]+\\s+/\\S*\\s*$', 'x-hint': "write 'METHOD /path', e.g. 'GET /health' or 'POST /api/users/{id}'" },
        description: "Routes that must exist, as 'METHOD /path'. Parameters match whatever their spelling ({id}, :id, [id], <int:id>).",
      },
      paths: globs('Files whose routes count (globs). Default: every file.'),
      exclude: globs('Files whose routes do not count (globs).'),
    },
    required: ['routes'],
  },
  validate(options, locate) {
    asList(options.routes).forEach((r, i) => {
      if (!parseRouteSpec(r)) {
        throw new ConfigError(`'${r}' is not a route: write 'METHOD /path'`, { ...locate(['routes', i]), hint: 'methods: GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, WEBSOCKET, or * for any' });
      }
    });
  },
  async run(ctx, g) {
    const all = await getRoutes(ctx);
    const inScope = compileMatcher(asList(g.options.paths), asList(g.options.exclude));
    const routes = all.filter((r) => inScope(r.file));
    const findings: Finding[] = [];
    asList(g.options.routes).forEach((text, i) => {
      const spec = parseRouteSpec(text)!;
      if (routes.some((r) => routeMatches(spec, r))) return;
      const near = nearestRoutes(spec, routes);
      const where = g.locate(['routes', i]);
      const scope = asList(g.options.paths).join(', ') || 'the repository';
      findings.push(
        findingOf(g, {
          file: where.file,
          line: where.line,
          column: where.column,
          message: `${spec.method} ${spec.path} is not a route in ${scope}${near.length ? `; nearest: ${near.map((r) => `${r.method} ${r.path} (${r.file}:${r.line})`).join(', ')}` : ` (${plural(routes.length, 'route')} found)`}`,
          identity: `missing:${spec.method} ${canonicalPath(spec.path)}`,
          properties: { route: `${spec.method} ${spec.path}`, nearest: near.map((r) => `${r.method} ${r.path}`) },
        }),
      );
    });
    return { findings, detail: `${plural(routes.length, 'route')} in scope, ${plural(all.length, 'route')} in the repository` };
  },
});
