#!/usr/bin/env node
// Every key set in .env.production must be documented in .env.example
// (audit: config entropy). Exits 1 and lists the undocumented keys otherwise.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function keys(file) {
  const entries = new Map();
  readFileSync(join(root, file), "utf8")
    .split(/\r?\n/)
    .forEach((line, index) => {
      const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
      if (match && !entries.has(match[1])) entries.set(match[1], index + 1);
    });
  return entries;
}

const documented = keys(".env.example");
const undocumented = [...keys(".env.production")].filter(([key]) => !documented.has(key));

for (const [key, line] of undocumented) {
  console.log(`.env.production:${line}: ${key} is not documented in .env.example`);
}
process.exit(undocumented.length === 0 ? 0 : 1);
