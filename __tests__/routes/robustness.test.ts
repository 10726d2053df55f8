import { describe, expect, it } from 'vitest';
import { lines, scan } from './helpers.js';

describe('route discovery on hostile input', () => {
  it('circular imports, routers including each other, deep nesting and unterminated code never hang or throw', async () => {
    const s = await scan({
      'a.py': 'from fastapi import APIRouter\nfrom b import rb\nra = APIRouter(prefix="/a")\nra.include_router(rb)\n@ra.get("/x")\ndef x(): ...\n',
      'b.py': 'from fastapi import APIRouter\nfrom a import ra\nrb = APIRouter(prefix="/b")\nrb.include_router(ra)\n@rb.get("/y")\ndef y(): ...\n',
      'c.py': `from fastapi import FastAPI\napp = FastAPI()\n@app.get(${'('.repeat(3000)}"/deep"${')'.repeat(3000)})\ndef d(): ...\n@app.get("/open\n`,
      'loop.py': 'from loop import thing\nfrom fastapi import FastAPI\napp = FastAPI()\napp.include_router(thing)\n',
      'x.js': "const a = require('./y');\nconst express = require('express');\nconst app = express();\napp.use('/y', a);\napp.get(`/unterminated\n",
      'y.js': "module.exports = require('./x');\n",
    });
    // Each router of the loop appears under the other; the loop is cut, not followed forever.
    expect(lines(s).slice(0, 2)).toEqual(['GET /a/b/y b.py:5', 'GET /b/a/x a.py:5']);
    // Nesting deeper than the evaluator goes is shown as the expression, shortened, and noted.
    expect(s.routes[2]!.path).toMatch(/^«\(+…»$/);
    expect(s.routes).toHaveLength(3);
    expect(s.notes.some((n) => n.startsWith('c.py:3: the path part'))).toBe(true);
  });
});
