import type { PyFramework } from './python-framework.js';

/**
 * FastAPI (and Starlette underneath): `FastAPI()` apps and `APIRouter(prefix=…)` routers,
 * `@app.get/post/…`, `@router.api_route(methods=[…])`, `@app.websocket`, `add_api_route`,
 * `include_router(router, prefix=…)` (nested too) and `mount(path, app)`.
 * Paths concatenate as FastAPI does: parent prefix + include prefix + router prefix + path.
 */
export const FASTAPI: PyFramework = {
  name: 'fastapi',
  packages: ['fastapi', 'starlette'],
  ctors: { FastAPI: null, APIRouter: 'prefix', Starlette: null },
  pathKw: 'path',
  decorators: {
    get: ['GET'],
    post: ['POST'],
    put: ['PUT'],
    delete: ['DELETE'],
    patch: ['PATCH'],
    head: ['HEAD'],
    options: ['OPTIONS'],
    trace: ['TRACE'],
    websocket: ['WEBSOCKET'],
    api_route: 'methods',
    route: 'methods',
  },
  routeCalls: { add_api_route: 'methods', add_api_websocket_route: ['WEBSOCKET'] },
  mountCalls: {
    include_router: { child: [0, 'router'], prefix: [null, 'prefix'] },
    mount: { child: [1, 'app'], prefix: [0, 'path'] },
  },
};
