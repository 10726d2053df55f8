import { describe, expect, it, vi } from 'vitest';
import { runOn } from '../run.js';
import { APP, GOOD_MAP, GUARDRAILS, MAP_PATH, SLOS, SLO_PATH, mapText } from '../map/fixture.js';

// The map checks and the SLO static check throw on demand: a bug in one costs that guardrail, not the run.
const boom = vi.hoisted(() => ({ map: false, slo: false }));
vi.mock('../../src/map/check.js', async (orig) => {
  const m = await orig<typeof import('../../src/map/check.js')>();
  return { ...m, checkMap: (...a: Parameters<typeof m.checkMap>) => (boom.map ? Promise.reject(new Error('map exploded')) : m.checkMap(...a)) };
});
vi.mock('../../src/slo/static.js', async (orig) => {
  const m = await orig<typeof import('../../src/slo/static.js')>();
  return {
    ...m,
    checkSloRoutes: (...a: Parameters<typeof m.checkSloRoutes>) => {
      if (boom.slo) throw new Error('slo exploded');
      return m.checkSloRoutes(...a);
    },
  };
});

const FILES = { ...APP, [MAP_PATH]: mapText(GOOD_MAP), [SLO_PATH]: SLOS };

describe('intelligence-map and slo-monitors are ordinary kinds of the registry', () => {
  it('a throwing map check is a "could not run" for intelligence-map; the guardrails and the SLO check still report', async () => {
    boom.map = true;
    try {
      const { report } = await runOn(FILES, GUARDRAILS);
      const map = report.guardrails.find((g) => g.id === 'intelligence-map')!;
      expect(map).toMatchObject({ status: 'error', check: 'intelligence-map', detail: 'internal error: map exploded' });
      expect(report.guardrails.find((g) => g.id === 'slo-monitors')).toMatchObject({ status: 'pass' });
      expect(report.guardrails.filter((g) => g.status === 'pass').length).toBeGreaterThan(1);
      expect(report.notices.some((n) => n.startsWith('intelligence-map could not run'))).toBe(true);
      expect(report.result).toBe('fail');
    } finally {
      boom.map = false;
    }
  });

  it('a throwing SLO check is a "could not run" for slo-monitors; the map checks still run', async () => {
    boom.slo = true;
    try {
      const { report } = await runOn(FILES, GUARDRAILS);
      expect(report.guardrails.find((g) => g.id === 'slo-monitors')).toMatchObject({ status: 'error', detail: 'internal error: slo exploded' });
      expect(report.guardrails.find((g) => g.id === 'intelligence-map')).toMatchObject({ status: 'pass' });
    } finally {
      boom.slo = false;
    }
  });

  it('they run last, after the configured guardrails, with timing and the kind description like any kind', async () => {
    const { report } = await runOn(FILES, GUARDRAILS);
    const ids = report.guardrails.map((g) => g.id);
    expect(ids.slice(-2)).toEqual(['intelligence-map', 'slo-monitors']);
    const slo = report.guardrails.find((g) => g.id === 'slo-monitors')!;
    expect(slo).toMatchObject({ title: 'SLO monitors probe real routes', severity: 'error', tags: ['slo'], audit: SLO_PATH });
    expect(typeof slo.durationMs).toBe('number');
    expect(report.rules.map((r) => r.id)).toContain('slo-monitors/missing-route');
  });

  it('they cannot be written in guardrails.yaml: the published schema lists only configurable kinds', async () => {
    const { CHECK_KINDS, BUILTIN_KINDS, runnableKindOf, kindOf } = await import('../../src/checks/index.js');
    for (const k of BUILTIN_KINDS) {
      expect(CHECK_KINDS.map((c) => c.kind)).not.toContain(k.kind);
      expect(kindOf(k.kind)).toBeUndefined();
      expect(runnableKindOf(k.kind)).toBe(k);
    }
  });
});
