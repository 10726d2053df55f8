/** Where a repo path can be linked on GitHub, when the run knows the repository and commit. */
export interface LinkContext {
  /** e.g. https://github.com */
  serverUrl?: string;
  /** owner/name */
  repository?: string;
  /** commit sha the files are at */
  sha?: string;
  /** the repository root's path inside the git repository (working-directory), '' at the top */
  prefix?: string;
}

export function linkContextFromEnv(env: NodeJS.ProcessEnv, prefix = ''): LinkContext {
  return {
    ...(env.GITHUB_SERVER_URL ? { serverUrl: env.GITHUB_SERVER_URL } : {}),
    ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
    ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
    prefix,
  };
}

export function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}

/** Percent-encode a repo path for a URI, one segment at a time. */
export function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** A GitHub blob URL for a repo path (with an optional line or #anchor), or undefined offline. */
export function blobUrl(ctx: LinkContext, file: string, line?: number): string | undefined {
  if (!ctx.repository || !ctx.sha) return undefined;
  const [p, anchor] = splitAnchor(file);
  const full = ctx.prefix ? `${ctx.prefix}/${p}` : p;
  const server = (ctx.serverUrl ?? 'https://github.com').replace(/\/$/, '');
  const frag = line ? `#L${line}` : anchor ? `#${anchor}` : '';
  return `${server}/${ctx.repository}/blob/${ctx.sha}/${encodePath(full)}${frag}`;
}

/** An audit reference as a URL: URLs as they are, repo paths through blobUrl. */
export function auditUrl(ctx: LinkContext, audit: string | undefined): string | undefined {
  if (!audit) return undefined;
  if (isUrl(audit)) return audit;
  return blobUrl(ctx, audit.replace(/^\.\//, ''));
}

function splitAnchor(p: string): [string, string | undefined] {
  const i = p.indexOf('#');
  return i === -1 ? [p, undefined] : [p.slice(0, i), p.slice(i + 1)];
}
