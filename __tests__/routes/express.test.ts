import { describe, expect, it } from 'vitest';
import { lines, scan } from './helpers.js';

describe('Express routes', () => {
  it('a router imported through tsconfig `paths` (`@server/routes/users`) is mounted like a relative one', async () => {
    const s = await scan({
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@server/*": ["server/*"] } } }',
      'server/app.ts':
        "import express from 'express';\nimport users from '@server/routes/users';\nimport { router as orders } from 'routes/orders';\nconst app = express();\napp.use('/api/users', users);\napp.use('/api', orders);\n",
      'server/routes/users.ts': "import { Router } from 'express';\nconst router = Router();\nrouter.get('/:id', show);\nexport default router;\n",
      'routes/orders.ts': "import express from 'express';\nexport const router = express.Router();\nrouter.delete('/orders/:id', del);\n",
    });
    expect(lines(s)).toEqual(['DELETE /api/orders/:id routes/orders.ts:3', 'GET /api/users/:id server/routes/users.ts:3']);
  });

  it('app.use prefixes with routers required or imported from other files, nested, and route() chains', async () => {
    const s = await scan({
      'server/app.js': [
        "const express = require('express');",
        "const users = require('./routes/users');",
        'const app = express();',
        '// app.get("/in-a-comment", h);',
        "app.get('env');",
        "app.get('/health', (req, res) => res.send('ok'));",
        "app.use('/api/users', users);",
        "app.use('/api', require('./routes/orders').router);",
        "app.use(['/v1', '/v2'], require('./routes/admin'));",
        'app.use(express.json());',
        'module.exports = app;',
      ].join('\n'),
      'server/routes/users.js':
        "const { Router } = require('express');\nconst router = Router();\nrouter.get('/:id', show);\nrouter\n  .route('/')\n  .get(list)\n  .post(create);\nmodule.exports = router;\n",
      'server/routes/orders.ts':
        "import express from 'express';\nimport audit from './audit';\nexport const router = express.Router();\nrouter.delete('/orders/:orderId', del);\nrouter.use('/audit', audit);\n",
      'server/routes/audit.ts': "import { Router } from 'express';\nconst r = Router({ mergeParams: true });\nr.all('*', log);\nexport default r;\n",
      'server/routes/admin/index.js': "const express = require('express');\nconst admin = express.Router();\nadmin.patch(['/a', '/b'], h);\nmodule.exports = admin;\n",
      'client/api.ts': "import axios from 'axios';\nconst api = axios.create();\nexport const load = () => api.get('/api/users', { params: {} });\n",
    });
    expect(lines(s)).toEqual([
      'ALL /api/audit/* server/routes/audit.ts:3',
      'DELETE /api/orders/:orderId server/routes/orders.ts:4',
      'GET /api/users server/routes/users.js:6',
      'POST /api/users server/routes/users.js:7',
      'GET /api/users/:id server/routes/users.js:3',
      'GET /health server/app.js:6',
      'PATCH /v1/a server/routes/admin/index.js:3',
      'PATCH /v1/b server/routes/admin/index.js:3',
      'PATCH /v2/a server/routes/admin/index.js:3',
      'PATCH /v2/b server/routes/admin/index.js:3',
    ]);
    expect(new Set(s.routes.map((r) => r.framework))).toEqual(new Set(['express']));
  });

  it('ESM with .js specifiers for .ts sources, namespace imports, and a router mounted twice', async () => {
    const s = await scan({
      'src/index.ts':
        "import express from 'express';\nimport * as routes from './routes/index.js';\nimport { health as healthRouter } from './health.js';\nconst app = express();\napp.use('/a', routes.items);\napp.use('/b', routes.items);\napp.use(healthRouter);\n",
      'src/routes/index.ts': "export { default as items } from './items.js';\n",
      'src/routes/items.ts': "import { Router } from 'express';\nconst items = Router();\nitems.get('/', list);\nexport default items;\n",
      'src/health.ts': "import { Router } from 'express';\nexport const health = Router();\nhealth.get('/healthz', ok);\n",
    });
    expect(lines(s)).toEqual(['GET /a src/routes/items.ts:3', 'GET /b src/routes/items.ts:3', 'GET /healthz src/health.ts:3']);
  });
});
