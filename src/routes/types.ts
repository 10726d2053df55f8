/** One HTTP route found in the code, with every prefix composed. */
export interface Route {
  /** GET, POST, …; `ALL` for handlers of every method (Express `all`, Next.js pages/api); `WEBSOCKET`. */
  method: string;
  /** The full path as the framework spells it (`/api/users/{user_id}`, `/users/:id`, `/api/[id]`). */
  path: string;
  /** Repo-relative file of the declaration (decorator, `app.get(...)`, route file export). */
  file: string;
  /** Line of the declaration. */
  line: number;
  framework: 'fastapi' | 'flask' | 'express' | 'nextjs' | string;
}

/** Routes plus what could not be resolved statically (shown by `living-architecture routes`). */
export interface RouteScan {
  routes: Route[];
  /** `file:line: …` notes on mounts and prefixes that could not be resolved. */
  notes: string[];
}

export const FRAMEWORKS = ['fastapi', 'flask', 'express', 'nextjs'] as const;
