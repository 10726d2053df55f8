// A generated TypeScript repository for the JS graph benchmark: `n` modules in feature folders,
// value imports, `import type` imports, imports used only as types, re-exports, dynamic imports,
// `@/` path aliases, and a few planted cycles (some of them type-only). Deterministic for a given n.
import { mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';

export function generateTsRepo(dir, n = 3000) {
  const stamp = `v2:${n}`;
  if (existsSync(path.join(dir, '.generated')) && readFileSync(path.join(dir, '.generated'), 'utf8') === stamp) return dir;
  rmSync(path.join(dir, 'src'), { recursive: true, force: true });
  let seed = 42;
  const rnd = (k) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
  const perFolder = 40;
  const name = (i) => `src/f${Math.floor(i / perFolder)}/m${i}.ts`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, baseUrl: '.', paths: { '@/*': ['./src/*'] } }, include: ['src'] }, null, 2),
  );
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'generated', private: true, type: 'module' }));
  const rel = (from, to) => {
    const r = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, '');
    return r.startsWith('.') ? r : `./${r}`;
  };
  for (let i = 0; i < n; i++) {
    const file = name(i);
    const lines = [];
    const uses = [];
    // Mostly imports of lower-numbered modules (a DAG), so cycles stay the planted ones.
    const k = 2 + rnd(3);
    for (let j = 0; j < k && i > 0; j++) {
      const t = rnd(i);
      const spec = rnd(3) === 0 ? `@/${name(t).slice(4).replace(/\.ts$/, '')}` : rel(file, name(t));
      const kind = rnd(6);
      if (kind === 0) lines.push(`import type { T${t} } from '${spec}';`), uses.push(`type U${j} = T${t};`);
      else if (kind === 1) lines.push(`import { T${t} as OT${j} } from '${spec}';`), uses.push(`export type V${j} = OT${j};`);
      else if (kind === 2) lines.push(`export { v${t} as re${j} } from '${spec}';`);
      else if (kind === 3) uses.push(`export const lazy${j} = () => import('${spec}');`);
      else lines.push(`import { v${t} as v${t}_${j} } from '${spec}';`), uses.push(`export const u${j} = v${t}_${j} + 1;`);
    }
    // Planted cycles: every 250th module imports a higher one that imports it back; every 500th only as a type.
    if (i % 250 === 10 && i + 5 < n) lines.push(`import { v${i + 5} as back } from '${rel(file, name(i + 5))}';`), uses.push('export const cyc = () => back;');
    if (i % 250 === 15 && i >= 5) lines.push(`import { v${i - 5} as fwd } from '${rel(file, name(i - 5))}';`), uses.push('export const cyc2 = () => fwd;');
    if (i % 500 === 100 && i + 3 < n) lines.push(`import type { T${i + 3} as TB } from '${rel(file, name(i + 3))}';`), uses.push('export type TC = TB;');
    if (i % 500 === 103 && i >= 3) lines.push(`import { v${i - 3} as tv } from '${rel(file, name(i - 3))}';`), uses.push('export const tc = () => tv;');
    lines.push(...uses, `export interface T${i} { id: number; name: string }`, `export const v${i}: number = ${i};`, '');
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), lines.join('\n'));
  }
  writeFileSync(path.join(dir, '.generated'), stamp);
  return dir;
}
