import { describe, expect, it } from 'vitest';
import { buildJavaScriptGraph } from '../../src/graph/javascript.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { tmpRepo } from '../helpers.js';
import { runOn } from '../run.js';

describe('@/ and ~/ when the config that declares them is not in the repository', () => {
  const nuxt = {
    // Nuxt 4: the aliases live in the generated .nuxt/tsconfig.json, never committed
    'web/tsconfig.json': JSON.stringify({ extends: './.nuxt/tsconfig.json' }),
    'web/app/pages/index.vue': '<script setup lang="ts">\nimport Cart from "~/components/Cart.vue";\nimport { useCart } from "@/composables/useCart";\n</script>\n<template><Cart /></template>\n',
    'web/app/components/Cart.vue': '<script setup lang="ts">\nimport { useCart } from "~/composables/useCart";\nimport Gone from "~/components/Gone.vue";\n</script>\n',
    'web/app/composables/useCart.ts': 'import Cart from "~/components/Cart.vue";\nexport const useCart = () => Cart;\n',
  };

  it("resolve to the project's src/, app/ or folder, so the cycle through them is seen", async () => {
    const g = await buildJavaScriptGraph(await Workspace.open(tmpRepo(nuxt)), () => {});
    expect(g.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'web/app/components/Cart.vue -> web/app/composables/useCart.ts',
      'web/app/composables/useCart.ts -> web/app/components/Cart.vue',
      'web/app/pages/index.vue -> web/app/components/Cart.vue',
      'web/app/pages/index.vue -> web/app/composables/useCart.ts',
    ]);
  });

  it('an import of the repository that resolves to nothing is a notice of the guardrail, with a count', async () => {
    const { report } = await runOn(nuxt, 'version: 1\nguardrails:\n  - id: nc\n    check: no-cycles\n    paths: ["web/**"]\n');
    expect(report.findings.map((f) => f.properties!.members)).toEqual([['web/app/components/Cart.vue', 'web/app/composables/useCart.ts']]);
    expect(report.notices).toContain(
      "nc: 1 import of its modules names a module of the repository that was not found (web/app/components/Cart.vue:3 '~/components/Gone.vue'); a cycle or forbidden import through them cannot be seen.",
    );
    expect(report.notices.some((n) => n.startsWith('web/tsconfig.json extends "./.nuxt/tsconfig.json", which is not a file inside the repository'))).toBe(true);
  });

  it("a config's own paths win over the convention", async () => {
    const g = await buildJavaScriptGraph(
      await Workspace.open(
        tmpRepo({
          'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./lib/*'] } } }),
          'a.ts': 'import { x } from "@/x";\nexport const a = x;\n',
          'lib/x.ts': 'export const x = 1;\n',
          'src/x.ts': 'export const x = 2;\n',
        }),
      ),
      () => {},
    );
    expect(g.edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['a.ts -> lib/x.ts']);
  });
});
