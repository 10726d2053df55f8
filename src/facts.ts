/**
 * Expensive facts about the repository (module graphs, routes, the map), computed once per run on
 * first use and shared by every check that asks. A fact is named by a key that includes whatever
 * changes its value (e.g. the graph's language and options), so two guardrails with the same needs
 * share one computation and different needs never collide.
 */
export class Facts {
  private readonly memo = new Map<string, Promise<unknown>>();

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = compute();
      this.memo.set(key, p);
    }
    return p;
  }

  /** How many distinct facts were computed (for tests that prove sharing). */
  get size(): number {
    return this.memo.size;
  }
}
