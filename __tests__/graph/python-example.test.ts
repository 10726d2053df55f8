import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { adjacency, tangles } from '../../src/graph/algorithms.js';
import { buildPythonGraph } from '../../src/graph/python.js';
import { runtimeEdges, type ImportEdge, type ModuleGraph } from '../../src/graph/types.js';
import { Workspace } from '../../src/workspace/workspace.js';

// The reference system's backend (examples/reference-system/README.md): its planted cycle and
// layer violation are edges; its decoys are not runtime edges.
const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/reference-system');
const S = 'backend/services';

describe('examples/reference-system backend', () => {
  let g: ModuleGraph;
  let runtime: readonly ImportEdge[];
  const row = (e: ImportEdge) => `${e.from}:${e.line}:${e.column} → ${e.to} (${e.kind}, ${e.specifier})`;
  const from = (file: string, edges: readonly ImportEdge[] = g.edges) => edges.filter((e) => e.from === file).map(row);

  beforeAll(async () => {
    const ws = await Workspace.open(EXAMPLE);
    g = await buildPythonGraph(ws, {}, () => {});
    runtime = runtimeEdges(g);
  });

  it('the repository root is the source root: backend/ is a package', () => {
    expect(g.moduleNames!.get('backend/services/audit.py')).toBe('backend.services.audit');
    expect(g.moduleNames!.get('backend/alembic/env.py')).toBe('backend.alembic.env');
    expect(g.unresolved).toEqual([]);
  });

  it('the planted 3-module cycle: event_service.py:15 → notifications.py:12 → audit.py:11 → event_service.py, all module-level', () => {
    const among = new Set([`${S}/event_service.py`, `${S}/notifications.py`, `${S}/audit.py`]);
    expect(g.edges.filter((e) => among.has(e.from) && among.has(e.to)).map(row)).toEqual([
      `${S}/audit.py:11:1 → ${S}/event_service.py (static, backend.services.event_service)`,
      `${S}/event_service.py:15:1 → ${S}/notifications.py (static, backend.services.notifications)`,
      `${S}/notifications.py:12:1 → ${S}/audit.py (static, .audit)`,
    ]);
  });

  it('one tangle in the backend at run time, exactly those three modules', () => {
    expect(tangles(adjacency(g.nodes, runtime))).toEqual([[`${S}/audit.py`, `${S}/event_service.py`, `${S}/notifications.py`]]);
  });

  it('the planted layer violation: models.py:34 imports the services layer, and nothing else of models.py does', () => {
    expect(runtime.filter((e) => e.from === 'backend/models.py' && e.to.startsWith('backend/')).map(row)).toEqual([
      'backend/models.py:33:1 → backend/database.py (static, backend.database)',
      `backend/models.py:34:1 → ${S}/formatting.py (static, backend.services.formatting)`,
    ]);
  });

  it('decoy: the TYPE_CHECKING import in event_repository.py:15 is type-only', () => {
    expect(from('backend/repositories/event_repository.py')).toEqual([
      'backend/repositories/event_repository.py:12:1 → backend/models.py (static, backend.models)',
      `backend/repositories/event_repository.py:15:5 → ${S}/event_service.py (type-only, backend.services.event_service)`,
    ]);
  });

  it('decoy: the lazy import in user_service.py:61 is deferred (with include-deferred it makes a routes ↔ services cycle)', () => {
    expect(from(`${S}/user_service.py`).filter((e) => e.includes('routes'))).toEqual([`${S}/user_service.py:61:5 → backend/routes/users.py (deferred, backend.routes.users)`]);
    const withDeferred = tangles(adjacency(g.nodes, runtimeEdges(g, { includeDeferred: true })));
    expect(withDeferred).toContainEqual(['backend/routes/users.py', `${S}/user_service.py`]);
  });

  it('decoy: the import inside the models.py docstring (line 6) is no import at all', () => {
    expect(g.edges.filter((e) => e.from === 'backend/models.py' && e.line < 12)).toEqual([]);
    expect(g.edges.filter((e) => e.from === 'backend/models.py' && e.to.startsWith('backend/routes/'))).toEqual([]);
  });

  it('decoy: the import under if __name__ == "__main__" in reports.py:57 is main', () => {
    expect(from('backend/reports.py').filter((e) => e.includes('formatting'))).toEqual([`backend/reports.py:57:5 → ${S}/formatting.py (main, backend.services.formatting)`]);
  });

  it('decoy: the commented-out circuit breaker import in database.py:15 is no edge (circuit-breaker-wired must fail)', () => {
    expect(g.edges.filter((e) => e.to === 'backend/circuit_breaker.py')).toEqual([]);
  });

  it('decoys: `import redis` in cache.py and `from alembic import context` in alembic/env.py point outside the tree', () => {
    expect(from('backend/cache.py')).toEqual(['backend/cache.py:17:1 → backend/config.py (static, backend.config)']);
    expect(from('backend/alembic/env.py')).toEqual([
      'backend/alembic/env.py:8:1 → backend/config.py (static, backend.config)',
      'backend/alembic/env.py:9:1 → backend/models.py (static, backend.models)',
    ]);
    expect(g.edges.filter((e) => e.to.startsWith('backend/alembic/'))).toEqual([]);
  });

  it('no runtime edge goes from a lower layer to a higher one except models.py:34', () => {
    const layer = (f: string) => (f.startsWith('backend/routes/') ? 0 : f.startsWith(`${S}/`) ? 1 : f.startsWith('backend/repositories/') ? 2 : f === 'backend/models.py' ? 3 : -1);
    const upward = runtime.filter((e) => layer(e.from) >= 0 && layer(e.to) >= 0 && layer(e.to) < layer(e.from));
    expect(upward.map(row)).toEqual([`backend/models.py:34:1 → ${S}/formatting.py (static, backend.services.formatting)`]);
  });
});
