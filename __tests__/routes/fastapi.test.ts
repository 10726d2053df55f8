import { describe, expect, it } from 'vitest';
import { lines, scan } from './helpers.js';

describe('FastAPI routes', () => {
  it('composes prefixes across three files: app include prefix + nested router prefixes + path', async () => {
    const s = await scan({
      'app/main.py': 'from fastapi import FastAPI\nfrom app.api import api_router\n\napp = FastAPI(title="x")\napp.include_router(api_router, prefix="/api")\n',
      'app/api/__init__.py':
        'from fastapi import APIRouter\nfrom . import users\nfrom .orders import router as orders_router\n\napi_router = APIRouter(prefix="/v1")\napi_router.include_router(users.router)\napi_router.include_router(orders_router, prefix="/shop")\n',
      'app/api/users.py': 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/users", tags=["users"])\n\n@router.get("/{user_id}")\ndef get_user(user_id: int): ...\n',
      'app/api/orders.py':
        'from fastapi import APIRouter\nrouter = APIRouter(\n    prefix="/orders",\n)\n@router.api_route("/{order_id}", methods=["GET", "DELETE"])\nasync def order(order_id: str): ...\n',
    });
    expect(lines(s)).toEqual(['DELETE /api/v1/shop/orders/{order_id} app/api/orders.py:5', 'GET /api/v1/shop/orders/{order_id} app/api/orders.py:5', 'GET /api/v1/users/{user_id} app/api/users.py:5']);
    expect(s.routes.every((r) => r.framework === 'fastapi')).toBe(true);
    expect(s.notes).toEqual([]);
  });

  it('a router mounted twice under two prefixes gives two routes', async () => {
    const s = await scan({
      'svc/main.py': 'from fastapi import FastAPI\nimport svc.items as items\napp = FastAPI()\napp.include_router(items.router, prefix="/v1")\napp.include_router(items.router, prefix="/v2")\n',
      'svc/items.py': 'from fastapi import APIRouter\nrouter = APIRouter()\n@router.post("/items")\ndef create(): ...\n',
    });
    expect(lines(s)).toEqual(['POST /v1/items svc/items.py:3', 'POST /v2/items svc/items.py:3']);
  });

  it('multi-line and stacked decorators, add_api_route, websocket; docstrings and comments are no routes', async () => {
    const s = await scan({
      'main.py': [
        '"""Service.',
        '',
        '    @app.get("/in-docstring")',
        '    app.include_router(users.router, prefix="/api")',
        '"""',
        'from fastapi import FastAPI',
        'app = FastAPI()',
        '# @app.get("/in-comment")',
        '@app.post(',
        '    "/api/workflows/{workflow_id}/execute",',
        '    status_code=202,',
        ')',
        '@limiter.limit("5/minute")',
        'def execute(workflow_id: int): ...',
        '',
        '@other.decorator',
        '@app.delete("/things/{id}")',
        'async def delete(id): ...',
        'def handler(): ...',
        'app.add_api_route("/manual", handler, methods=["PUT", "patch"])',
        'app.add_api_route("/default", handler)',
        '@app.websocket("/ws")',
        'async def ws(socket): ...',
        'text = "@app.get(\'/in-a-string\')"',
      ].join('\n'),
    });
    expect(lines(s)).toEqual([
      'POST /api/workflows/{workflow_id}/execute main.py:9',
      'GET /default main.py:21',
      'PATCH /manual main.py:20',
      'PUT /manual main.py:20',
      'DELETE /things/{id} main.py:17',
      'WEBSOCKET /ws main.py:22',
    ]);
  });

  it('prefixes and paths from constants, also imported ones and f-strings; what is not constant is shown and noted', async () => {
    const s = await scan({
      'app/settings.py': 'API_PREFIX = "/api"\nVERSION = "v2"\n',
      'app/main.py':
        'from fastapi import FastAPI, APIRouter\nfrom app.settings import API_PREFIX, VERSION\nfrom app import settings\napp = FastAPI()\nrouter = APIRouter(prefix=f"/{VERSION}")\n@router.get("/x")\ndef x(): ...\napp.include_router(router, prefix=API_PREFIX)\napp.include_router(router, prefix=settings.API_PREFIX + compute())\napp.include_router(missing.router)\n',
    });
    expect(lines(s)).toEqual(['GET /api/v2/x app/main.py:6', 'GET «settings.API_PREFIX + compute()»/v2/x app/main.py:6']);
    expect(s.notes).toEqual([
      "app/main.py:10: include_router(missing.router): could not resolve 'missing.router' to a router; its routes keep their own prefix",
      'app/main.py:9: the path part settings.API_PREFIX + compute() is not a constant; shown as «settings.API_PREFIX + compute()»',
    ]);
  });

  it('resolves src layouts, submodules imported through their package, aliases and star imports', async () => {
    const s = await scan({
      'src/shop/main.py':
        'from fastapi import FastAPI\nfrom shop.routers import *\nfrom shop import routers\napp = FastAPI()\napp.include_router(cart_router, prefix="/cart")\napp.include_router(routers.pay.router, prefix="/pay")\n',
      'src/shop/routers/__init__.py': 'from .cart import router as cart_router\n',
      'src/shop/routers/cart.py': 'from fastapi import APIRouter\nrouter = APIRouter()\n@router.get("")\ndef items(): ...\n',
      'src/shop/routers/pay.py': 'from fastapi import APIRouter\nr = APIRouter()\nrouter = r\n@r.post("/charge")\ndef charge(): ...\n',
    });
    expect(lines(s)).toEqual(['GET /cart src/shop/routers/cart.py:3', 'POST /pay/charge src/shop/routers/pay.py:4']);
  });

  it('a router nobody includes keeps its own prefix; decorators on unknown objects in non-FastAPI files are ignored', async () => {
    const s = await scan({
      'a.py': 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/orphan")\n@router.get("/x")\ndef x(): ...\n',
      'b.py': 'import functools\n@cache.get("/not-a-route")\ndef y(): ...\n',
    });
    expect(lines(s)).toEqual(['GET /orphan/x a.py:3']);
  });

  it('nested routers whose parent is mounted twice multiply', async () => {
    const s = await scan({
      'm.py':
        'from fastapi import FastAPI, APIRouter\napp = FastAPI()\nparent = APIRouter(prefix="/p")\nchild = APIRouter(prefix="/c")\n@child.get("/leaf")\ndef leaf(): ...\nparent.include_router(child, prefix="/inc")\napp.include_router(parent, prefix="/a")\napp.include_router(parent, prefix="/b")\n',
    });
    expect(lines(s)).toEqual(['GET /a/p/inc/c/leaf m.py:5', 'GET /b/p/inc/c/leaf m.py:5']);
  });
});
