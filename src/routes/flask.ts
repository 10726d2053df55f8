import type { PyFramework } from './python-framework.js';

/**
 * Flask: `Flask()` apps and `Blueprint(…, url_prefix=…)`, `@app.route(…, methods=[…])`,
 * `@bp.get/post/…`, `add_url_rule`, `register_blueprint(bp, url_prefix=…)` (nested blueprints too;
 * a url_prefix given at registration replaces the blueprint's own). Rules join with one slash.
 */
export const FLASK: PyFramework = {
  name: 'flask',
  packages: ['flask'],
  ctors: { Flask: null, Blueprint: 'url_prefix' },
  pathKw: 'rule',
  decorators: {
    route: 'methods',
    get: ['GET'],
    post: ['POST'],
    put: ['PUT'],
    delete: ['DELETE'],
    patch: ['PATCH'],
  },
  routeCalls: { add_url_rule: 'methods' },
  mountCalls: {
    register_blueprint: { child: [0, 'blueprint'], prefix: [null, 'url_prefix'] },
  },
};
