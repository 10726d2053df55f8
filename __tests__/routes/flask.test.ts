import { describe, expect, it } from 'vitest';
import { routeMatches } from '../../src/routes/index.js';
import { lines, scan } from './helpers.js';

describe('Flask routes', () => {
  it('app routes with methods, blueprints with url_prefix, registration prefixes across files, nested blueprints', async () => {
    const s = await scan({
      'web/app.py': [
        'from flask import Flask',
        'from web.views.users import bp as users_bp',
        'from web.views import admin',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    app.register_blueprint(users_bp)',
        '    app.register_blueprint(users_bp, url_prefix="/legacy-users", name="legacy")',
        '    app.register_blueprint(admin.bp, url_prefix="/admin")',
        '',
        '    @app.route("/", methods=["GET", "POST"])',
        '    def index(): ...',
        '',
        '    @app.route("/health/")',
        '    def health(): ...',
        '    app.add_url_rule("/ping", view_func=ping, methods=["HEAD"])',
        '    return app',
      ].join('\n'),
      'web/views/users.py':
        'from flask import Blueprint\nbp = Blueprint("users", __name__, url_prefix="/users")\n\n@bp.get("/<int:user_id>")\ndef show(user_id): ...\n\n@bp.route("", methods=("PUT",))\ndef update(): ...\n',
      'web/views/admin.py':
        'from flask import Blueprint\nfrom .reports import reports\nbp = Blueprint("admin", __name__, url_prefix="/ignored")\nbp.register_blueprint(reports, url_prefix="/reports")\n@bp.delete("/cache")\ndef flush(): ...\n',
      'web/views/reports.py': 'from flask import Blueprint\nreports = Blueprint("reports", __name__)\n@reports.get("/<path:name>")\ndef get(name): ...\n',
    });
    expect(lines(s)).toEqual([
      'GET / web/app.py:11',
      'POST / web/app.py:11',
      'DELETE /admin/cache web/views/admin.py:5',
      'GET /admin/reports/<path:name> web/views/reports.py:3',
      'GET /health/ web/app.py:14',
      'PUT /legacy-users web/views/users.py:7',
      'GET /legacy-users/<int:user_id> web/views/users.py:4',
      'HEAD /ping web/app.py:16',
      'PUT /users web/views/users.py:7',
      'GET /users/<int:user_id> web/views/users.py:4',
    ]);
    expect(new Set(s.routes.map((r) => r.framework))).toEqual(new Set(['flask']));
  });

  it('trailing slashes as Flask routes them; HEAD is served by GET; parameters match any spelling', async () => {
    const s = await scan({
      'a.py':
        'from flask import Flask\napp = Flask(__name__)\n@app.route("/strict")\ndef a(): ...\n@app.route("/slashed/")\ndef b(): ...\n@app.get("/items/<int:item_id>/<path:rest>")\ndef c(): ...\n',
    });
    const [items, slashed, strict] = s.routes;
    expect(routeMatches('GET /strict', strict!)).toBe(true);
    expect(routeMatches('GET /strict/', strict!)).toBe(false);
    expect(routeMatches('GET /slashed', slashed!)).toBe(true);
    expect(routeMatches('GET /slashed/', slashed!)).toBe(true);
    expect(routeMatches('HEAD /strict', strict!)).toBe(true);
    expect(routeMatches('GET /items/{id}/[...rest]', items!)).toBe(true);
    expect(routeMatches('GET /items/:id/*', items!)).toBe(true);
    expect(routeMatches('GET /items/{id}', items!)).toBe(false);
  });
});
