/** The oldest Node.js the CLI runs on (package.json `engines`); the Action itself runs on node24. */
export const MIN_NODE_MAJOR = 22;

/** One line saying why this Node.js is too old, or undefined when it will do. `version` as in process.versions.node. */
export function nodeTooOld(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= MIN_NODE_MAJOR) return undefined;
  return `living-architecture needs Node.js ${MIN_NODE_MAJOR} or later (the Action runs on Node.js 24); this is Node.js ${version.replace(/^v/, '')}.`;
}
