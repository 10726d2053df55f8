/** What a Python web framework looks like to route discovery (see fastapi.ts, flask.ts). */
export interface PyFramework {
  name: string;
  /** Top-level packages whose import marks a module as using the framework. */
  packages: string[];
  /** Constructors of apps and routers → the keyword of their own prefix (null: none). */
  ctors: Record<string, string | null>;
  /** Keyword of the path argument of route decorators. */
  pathKw: string;
  /** Decorator methods → HTTP methods, or 'methods': read `methods=[…]` (default GET). */
  decorators: Record<string, string[] | 'methods'>;
  /** Calls that declare a route on the receiver (path first): → methods as for decorators. */
  routeCalls: Record<string, string[] | 'methods'>;
  /** Calls that mount a child app/router: positional index and keyword of the child and of the prefix. */
  mountCalls: Record<string, { child: [number | null, string]; prefix: [number | null, string] }>;
}
