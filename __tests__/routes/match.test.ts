import { describe, expect, it } from 'vitest';
import { canonicalPath, nearestRoutes, parseRouteSpec, routeMatches, type Route } from '../../src/routes/index.js';

const r = (method: string, path: string, framework = 'fastapi'): Route => ({ method, path, file: 'f', line: 1, framework });

describe('route matching', () => {
  it('parameters are equal whatever their spelling and name', () => {
    for (const spelling of ['/orders/{order_id}', '/orders/{id:int}', '/orders/:id', '/orders/[id]', '/orders/<int:oid>', '/orders/<oid>']) {
      expect(routeMatches('GET /orders/{id}', r('GET', spelling)), spelling).toBe(true);
    }
    expect(routeMatches('GET /orders/{id}', r('GET', '/orders/latest'))).toBe(false);
    expect(routeMatches('GET /orders/latest', r('GET', '/orders/{id}'))).toBe(false);
    expect(routeMatches('GET /orders/{id}/items', r('GET', '/orders/{id}'))).toBe(false);
  });

  it('catch-alls take one or more parameter segments; optional ones also none', () => {
    expect(routeMatches('GET /docs/{slug}', r('GET', '/docs/[...slug]', 'nextjs'))).toBe(true);
    expect(routeMatches('GET /docs/{a}/{b}', r('GET', '/docs/[...slug]', 'nextjs'))).toBe(true);
    expect(routeMatches('GET /docs', r('GET', '/docs/[...slug]', 'nextjs'))).toBe(false);
    expect(routeMatches('GET /docs', r('GET', '/docs/[[...slug]]', 'nextjs'))).toBe(true);
    expect(routeMatches('GET /files/[...path]', r('GET', '/files/{p:path}'))).toBe(true);
    expect(routeMatches('GET /files/*', r('GET', '/files/<path:p>', 'flask'))).toBe(true);
    expect(routeMatches('GET /docs/intro', r('GET', '/docs/[...slug]', 'nextjs'))).toBe(false);
  });

  it('methods: ALL routes serve every method, * specs accept any, HEAD from GET where the framework does it', () => {
    expect(routeMatches('POST /x', r('ALL', '/x', 'express'))).toBe(true);
    expect(routeMatches('* /x', r('DELETE', '/x'))).toBe(true);
    expect(routeMatches('post /x', r('POST', '/x'))).toBe(true);
    expect(routeMatches('POST /x', r('GET', '/x'))).toBe(false);
    expect(routeMatches('HEAD /x', r('GET', '/x', 'express'))).toBe(true);
    expect(routeMatches('HEAD /x', r('GET', '/x', 'fastapi'))).toBe(false);
  });

  it('trailing slashes and case as each framework routes them', () => {
    expect(routeMatches('GET /x/', r('GET', '/x'))).toBe(true);
    expect(routeMatches('GET /x', r('GET', '/x/'))).toBe(true);
    expect(routeMatches('GET /x/', r('GET', '/x', 'express'))).toBe(true);
    expect(routeMatches('GET /x/', r('GET', '/x', 'flask'))).toBe(false);
    expect(routeMatches('GET /Users', r('GET', '/users', 'express'))).toBe(true);
    expect(routeMatches('GET /Users', r('GET', '/users', 'fastapi'))).toBe(false);
    expect(routeMatches('GET /', r('GET', '', 'fastapi'))).toBe(true);
  });

  it('specs parse as METHOD /path; canonical paths; nearest routes share leading segments first', () => {
    expect(parseRouteSpec('GET /health')).toEqual({ method: 'GET', path: '/health' });
    expect(parseRouteSpec('FETCH /x')).toBeNull();
    expect(parseRouteSpec('/x')).toBeNull();
    expect(canonicalPath('/a/{id}/:x/[...s]/')).toBe('/a/{}/{}/*');
    const routes = [r('GET', '/api/events'), r('GET', '/health'), r('GET', '/health/readiness'), r('POST', '/health/liveness')];
    expect(nearestRoutes({ method: 'GET', path: '/health/liveness' }, routes).map((x) => `${x.method} ${x.path}`)).toEqual(['POST /health/liveness', 'GET /health/readiness', 'GET /health']);
  });
});

describe('concrete paths (what an SLO probe requests)', () => {
  const r = (path: string, framework = 'fastapi'): Route => ({ method: 'GET', path, file: 'a.py', line: 1, framework });
  it('a requested segment fills a parameter or a catch-all; literals still compare', () => {
    expect(routeMatches({ method: 'GET', path: '/api/orders/42' }, r('/api/orders/{order_id}'), { concrete: true })).toBe(true);
    expect(routeMatches({ method: 'GET', path: '/api/orders/42' }, r('/api/orders/{order_id}'))).toBe(false);
    expect(routeMatches({ method: 'GET', path: '/api/v2/items' }, r('/api/v{version}/items'), { concrete: true })).toBe(true);
    expect(routeMatches({ method: 'GET', path: '/docs/a/b/c' }, r('/docs/[...slug]', 'nextjs'), { concrete: true })).toBe(true);
    expect(routeMatches({ method: 'GET', path: '/api/users/42' }, r('/api/orders/{order_id}'), { concrete: true })).toBe(false);
    expect(routeMatches({ method: 'GET', path: '/api/orders/42/items' }, r('/api/orders/{order_id}'), { concrete: true })).toBe(false);
  });
});
