import { describe, expect, it } from 'vitest';
import { lines, scan } from './helpers.js';

describe('Next.js routes', () => {
  it('app router route files: exported methods, dynamic segments, route groups and private folders', async () => {
    const s = await scan({
      'web/package.json': '{"dependencies":{"next":"14.2.0"}}',
      'web/app/api/users/[id]/route.ts': 'export async function GET(req: Request) {}\n\nexport const DELETE = async () => {};\nexport function helper() {}\n',
      'web/app/(marketing)/api/ping/route.js': 'async function handler() {}\nexport { handler as POST, handler as PUT };\n',
      'web/app/api/docs/[...slug]/route.ts': 'export function GET() {}\n',
      'web/app/_lib/route.ts': 'export function GET() {}\n',
      'web/app/@modal/feed/route.ts': 'export function GET() {}\n',
      'web/app/page.tsx': 'export default function Page() { return null; }\n',
      'web/components/app/route.ts': 'export function GET() {}\n',
    });
    expect(lines(s)).toEqual([
      'GET /api/docs/[...slug] web/app/api/docs/[...slug]/route.ts:1',
      'POST /api/ping web/app/(marketing)/api/ping/route.js:2',
      'PUT /api/ping web/app/(marketing)/api/ping/route.js:2',
      'DELETE /api/users/[id] web/app/api/users/[id]/route.ts:3',
      'GET /api/users/[id] web/app/api/users/[id]/route.ts:1',
      'GET /feed web/app/@modal/feed/route.ts:1',
    ]);
  });

  it('pages/api handlers serve every method; index names its folder; src/ layouts', async () => {
    const s = await scan({
      'next.config.mjs': 'export default {};\n',
      'src/pages/api/hello.ts': 'export default function handler(req, res) {}\n',
      'src/pages/api/items/index.ts': '\nexport default async (req, res) => {};\n',
      'src/pages/api/items/[[...path]].js': 'module.exports = (req, res) => {};\n',
      'src/pages/about.tsx': 'export default function About() {}\n',
    });
    expect(lines(s)).toEqual(['ALL /api/hello src/pages/api/hello.ts:1', 'ALL /api/items src/pages/api/items/index.ts:2', 'ALL /api/items/[[...path]] src/pages/api/items/[[...path]].js:1']);
  });
});
