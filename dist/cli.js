#!/usr/bin/env node
import { createRequire as __lagCreateRequire } from "node:module";
import { fileURLToPath as __lagFileURLToPath } from "node:url";
import { dirname as __lagDirname } from "node:path";
const require = __lagCreateRequire(import.meta.url);
const __filename = __lagFileURLToPath(import.meta.url);
const __dirname = __lagDirname(__filename);

// src/cli.ts
import module from "node:module";

// src/cli/node-version.ts
var MIN_NODE_MAJOR = 22;
function nodeTooOld(version) {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= MIN_NODE_MAJOR) return void 0;
  return `living-architecture needs Node.js ${MIN_NODE_MAJOR} or later (the Action runs on Node.js 24); this is Node.js ${version.replace(/^v/, "")}.`;
}

// src/cli.ts
var tooOld = nodeTooOld(process.versions.node);
if (tooOld) {
  process.stderr.write(`error: ${tooOld}
`);
  process.exitCode = 2;
} else {
  module.enableCompileCache?.();
  try {
    (await import("./cli-prefetch.js")).prefetch(process.argv.slice(2), process.cwd());
  } catch {
  }
  await import("./cli-main.js");
}
