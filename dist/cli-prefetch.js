import { createRequire as __lagCreateRequire } from "node:module";
import { fileURLToPath as __lagFileURLToPath } from "node:url";
import { dirname as __lagDirname } from "node:path";
const require = __lagCreateRequire(import.meta.url);
const __filename = __lagFileURLToPath(import.meta.url);
const __dirname = __lagDirname(__filename);

// src/cli/prefetch.ts
import path5 from "node:path";

// src/cli/commands.ts
import { parseArgs } from "node:util";

// src/errors.ts
var UserError = class extends Error {
  file;
  line;
  column;
  hint;
  constructor(message, where = {}) {
    super(message);
    this.name = "UserError";
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.hint = where.hint;
  }
  /** `file:line:column: message (hint)` — the one line a user sees. */
  format() {
    let where = "";
    if (this.file) {
      where = this.file;
      if (this.line) where += `:${this.line}`;
      if (this.line && this.column) where += `:${this.column}`;
      where += ": ";
    }
    return `${where}${this.message}${this.hint ? `
  hint: ${this.hint}` : ""}`;
  }
};
var UsageError = class extends UserError {
  constructor(message, hint) {
    super(message, { hint });
    this.name = "UsageError";
  }
};

// src/defaults.ts
var DEFAULT_PATHS = {
  /** The guardrails file (action input `config`, CLI `--config`). */
  config: "infra/selfcheck/guardrails.yaml",
  /** The system intelligence map (`intelligence-map`, `--map`). */
  map: "src/observability/system_intelligence_map.json",
  /** The SLO monitors (`slo-monitors`, `--slo`). */
  slo: "infra/selfcheck/slo-monitors.yml",
  /** The drift tracker baseline (`baseline`, `--baseline`). */
  baseline: "infra/selfcheck/guardrails-baseline.json",
  /** The SARIF file the Action writes (`sarif-file`). */
  sarif: "guardrails.sarif"
};
var DEFAULT_CONFIG = DEFAULT_PATHS.config;
var DEFAULT_MAP = DEFAULT_PATHS.map;
var DEFAULT_SLO = DEFAULT_PATHS.slo;
var DEFAULT_BASELINE = DEFAULT_PATHS.baseline;

// src/cli/commands.ts
var root = { name: "root", value: "DIR", help: "repository root (default: .)" };
var verbose = { name: "verbose", help: "progress on stderr" };
var noCommands = { name: "no-commands", help: "do not run 'command' guardrails" };
var excludeFrom = { name: "config", value: "FILE", help: `guardrails file whose 'exclude' is honoured (default: <root>/${DEFAULT_CONFIG})` };
var COMMON_FLAGS = [
  { name: "no-color", help: "plain output (also when NO_COLOR is set or stdout is not a terminal)" },
  { name: "color", help: "colours even when stdout is not a terminal or NO_COLOR is set" },
  { name: "help", short: "h", help: "the help of the command" }
];
var COMMANDS = [
  {
    name: "check",
    summary: "run the guardrails and report (exit 0 pass, 1 fail, 2 bad input)",
    flags: [
      { ...root, help: "repository root to check (default: .)" },
      { name: "config", value: "FILE", help: `guardrails file (default: <root>/${DEFAULT_CONFIG}; when that is missing, the built-in default guardrails run)` },
      { name: "only", value: "ID,...", help: "run only these guardrails" },
      { name: "fail-on", value: "LEVEL", help: "error | warning | note | new | none (default: error)" },
      { name: "sarif", value: "FILE", help: "write SARIF 2.1.0 for GitHub code scanning" },
      {
        name: "sarif-levels",
        value: "severity|gate",
        help: "SARIF result levels: the guardrail's severity (default), or gate: error only for findings that fail --fail-on, so code scanning's check agrees"
      },
      { name: "json", value: "FILE", help: "write the JSON report" },
      { name: "summary", value: "FILE", help: "write the Markdown summary (as the Action's job summary)" },
      { name: "category", value: "NAME", help: "SARIF automationDetails id (default: living-architecture)" },
      { name: "format", value: "text|json", help: "what to print on stdout (default: text)" },
      noCommands,
      verbose,
      { name: "baseline", value: "FILE", help: `drift tracker baseline (default: <root>/${DEFAULT_BASELINE}, used when present): findings are new, recurring or regressed; see --fail-on new` },
      { name: "map", value: "FILE", help: `intelligence map (default: <root>/${DEFAULT_MAP}; skipped with a notice when missing); its checks run as 'intelligence-map'` },
      { name: "slo", value: "FILE", help: `SLO monitors (default: <root>/${DEFAULT_SLO}; skipped when missing); its static check runs as 'slo-monitors'` },
      { name: "cache-dir", value: "DIR", help: "keep per-file facts (imports, secret-scan verdicts) here by git blob id: the next run reads only changed files (default: no cache)" }
    ]
  },
  {
    name: "routes",
    summary: "every HTTP route found, with file:line",
    about: `Print every HTTP route found in the code (FastAPI, Flask, Express, Next.js), with router prefixes
composed across files, and where each is declared (file:line). What routes-exist, the intelligence
map's critical paths and the SLO probes are checked against. The guardrails file's 'exclude' is
honoured when there is one. Notes list mounts and prefixes that could not be resolved statically.`,
    flags: [root, excludeFrom, { name: "format", value: "text|json", help: "what to print (default: text)" }]
  },
  {
    name: "baseline update",
    summary: "write the drift tracker baseline",
    about: `Run every guardrail and write the drift tracker baseline (default: <root>/${DEFAULT_BASELINE}):
the findings present today with the day each was first and last seen, and the findings that are
gone with the day they disappeared. Commit the file; 'check --fail-on new' (or the Action's
fail-on: new) then fails only on findings that are not in it, or that come back after a fix.
Fixed entries older than staleAfterDays (in the file, default 90) are dropped.
Guardrails that are skipped or cannot run keep their entries as they are. Set SOURCE_DATE_EPOCH
to fix the day written.`,
    flags: [
      root,
      { name: "config", value: "FILE", help: `guardrails file (default: <root>/${DEFAULT_CONFIG})` },
      { name: "baseline", value: "FILE", help: "baseline file to update or create" },
      { ...noCommands, help: "do not run 'command' guardrails (their entries are kept)" },
      verbose
    ]
  },
  {
    name: "map generate",
    summary: "write the intelligence map from the code",
    about: `Write the intelligence map from the code: every source module with its imports, routes and what
it wraps (database, cache, HTTP, queue, storage), and resilience candidates. Every field a person
wrote (purposes, goals, owners, goal definitions, truths, evolution) is kept, and so is the order
of keys; new modules get empty purpose and goals to fill, modules that are gone are dropped.`,
    flags: [
      root,
      { name: "map", value: "FILE", help: `the map (default: <root>/${DEFAULT_MAP})` },
      excludeFrom,
      { name: "out", value: "FILE", help: "where to write (default: the map itself)" },
      { name: "check", help: "write nothing, exit 1 when the map would change" }
    ]
  },
  {
    name: "map diff",
    summary: "show what changed between the committed map and the code (exit 1 when it drifted)",
    about: `What changed between the committed map and the code: modules added and removed, dependencies
changed, routes added and removed, critical paths with no route. Exit 1 when the map no longer
matches the code.`,
    flags: [
      root,
      { name: "map", value: "FILE", help: `the map (default: <root>/${DEFAULT_MAP})` },
      excludeFrom,
      { name: "out", value: "FILE", help: "also write the report there" },
      { name: "format", value: "text|markdown|json", help: "what to print (default: text)" }
    ]
  },
  {
    name: "slo probe",
    summary: "measure the SLOs against a running service",
    about: `Measure every SLO of the SLO monitors file against a running service with real HTTP requests:
availability = share of probes answered with the expected status, latency percentiles by nearest
rank over all probes, gauges read from a JSON path. Prints observed against target; exit 1 when
an SLO is breached, 2 when the file is invalid or the service cannot be reached.

Never hammers: requests are bounded per probe (requests, concurrency, timeout), started at most
'rate' per second, and the whole run refuses to start when it would exceed the request budget.`,
    flags: [
      { name: "base-url", value: "URL", help: "the service under test (http or https)", required: true },
      root,
      { name: "slo", value: "FILE", help: `the SLO file (default: <root>/${DEFAULT_SLO}); OpenSLO v1 documents are read too` },
      { name: "only", value: "ID,...", help: "probe only these SLOs" },
      { name: "max-requests", value: "N", help: "request budget of the run (default: the file's max-requests, else 2000)" },
      { name: "rate", value: "N", help: "requests started per second at most (default: the file's rate, else 100)" },
      { name: "json", value: "FILE", help: "write per SLO its id, target, observed and breached" },
      { name: "summary", value: "FILE", help: "write the Markdown section (as the Action's job summary)" },
      verbose
    ]
  },
  {
    name: "suggest",
    summary: "guardrails that hold today, as a guardrails file that keeps the built-in defaults",
    about: `Guardrails that hold today and would catch a regression tomorrow, as a ready-to-use guardrails
file with a one-line reason each: folders whose imports are acyclic (no-cycles), layerings of
sibling folders the import graph already respects (layers), directions between sibling folders
never crossed (forbidden-imports), and size limits just above today's largest file (max-lines).
The built-in default guardrails (monolith-size, no-committed-secrets) are kept in it: they run
only while there is no guardrails file. With a guardrails file, what it already guards is not
suggested again, and the output holds the entries to add. Each suggestion is run before it is
printed and dropped if it does not pass (--no-verify skips that run).`,
    flags: [
      root,
      { name: "config", value: "FILE", help: `the guardrails file (its exclude is honoured; default: <root>/${DEFAULT_CONFIG})` },
      { name: "out", value: "FILE", help: "write the YAML there instead of stdout (never over the guardrails file it read)" },
      { name: "no-verify", help: "do not run the suggestions before printing them" }
    ]
  }
];
function flagRows(flags) {
  const left = flags.map((f) => `${f.short ? `-${f.short}, ` : ""}--${f.name}${f.value ? ` ${f.value}` : ""}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return flags.map((f, i) => `  ${left[i].padEnd(width)}${wrap(f.help, 2 + width)}`);
}
function wrap(text, indent) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && indent + line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`
${" ".repeat(indent)}`);
}
var EVERY = `options of every command:
${flagRows(COMMON_FLAGS).join("\n")}
`;
function parseFlags(name, args) {
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) throw new Error(`no command '${name}' in the table`);
  const options = {};
  for (const f of [...spec.flags, ...COMMON_FLAGS]) options[f.name] = { type: f.value ? "string" : "boolean", ...f.short ? { short: f.short } : {} };
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values;
  } catch (e) {
    throw new UsageError(e.message.replace(/\. To specify a positional.*$/s, ""), `run 'living-architecture ${name.split(" ")[0]} --help' for the options`);
  }
}

// src/facts/store-file.ts
import path2 from "node:path";

// src/util/read-whole.ts
import { constants, promises as fs } from "node:fs";
import path from "node:path";
function readAhead(file, maxBytes) {
  const reg = aheadRegistry();
  const key = aheadKey(file, maxBytes);
  if (!reg.has(key)) reg.set(key, read(file, maxBytes));
}
var AHEAD = /* @__PURE__ */ Symbol.for("living-architecture.read-ahead");
function aheadRegistry() {
  const g = globalThis;
  return g[AHEAD] ??= /* @__PURE__ */ new Map();
}
function aheadKey(file, maxBytes) {
  return `${maxBytes}:${path.resolve(file)}`;
}
async function read(file, maxBytes) {
  let fh;
  try {
    fh = await fs.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = e.code;
    return code === "ENOENT" || code === "ENOTDIR" ? "missing" : code === "ELOOP" ? "not a regular file" : "unreadable";
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return "not a regular file";
    if (st.size > maxBytes) return "too large";
    const buf = Buffer.allocUnsafe(st.size);
    for (let got = 0; got < buf.length; ) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) return "unreadable";
      got += bytesRead;
    }
    return buf;
  } catch {
    return "unreadable";
  } finally {
    await fh.close().catch(() => void 0);
  }
}

// src/facts/store-file.ts
var MAX_STORE_BYTES = 256 * 1024 * 1024;
var STORE_NAME = "living-architecture-facts.json";
var DELTA_NAME = "living-architecture-facts.delta.json";
function readStoresAhead(dir) {
  for (const name of [STORE_NAME, DELTA_NAME]) readAhead(path2.join(dir, name), MAX_STORE_BYTES);
}

// src/workspace/prefetch.ts
import { realpathSync as realpathSync2 } from "node:fs";

// src/workspace/git-index.ts
import path3 from "node:path";

// src/workspace/decode.ts
var strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// src/workspace/git-index.ts
var MAX_BYTES = 1 << 30;
function readGitIndexAhead(gitDir) {
  readAhead(path3.join(gitDir, "index"), MAX_BYTES);
}

// src/util/git.ts
import { execFile } from "node:child_process";
import { lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import os from "node:os";
import path4 from "node:path";
var OVERRIDES = [
  "core.fsmonitor=",
  `core.hooksPath=${os.devNull}`,
  "core.pager=cat",
  "core.quotepath=off",
  "core.untrackedCache=false",
  "core.splitIndex=false",
  "safe.bareRepository=explicit",
  "protocol.allow=never",
  "submodule.recurse=false",
  "log.showSignature=false",
  "diff.noprefix=false",
  "gc.auto=0",
  "maintenance.auto=false"
].flatMap((kv) => ["-c", kv]);
function isDir(p) {
  return lstatSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
function isFile(p) {
  return lstatSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
}
function looksLikeGitDir(dir) {
  const uid = process.getuid?.();
  if (uid !== void 0 && uid !== 0 && lstatSync(dir, { throwIfNoEntry: false })?.uid !== uid) return false;
  return isFile(path4.join(dir, "HEAD")) && (isDir(path4.join(dir, "objects")) && isDir(path4.join(dir, "refs")) || isFile(path4.join(dir, "commondir")));
}
function realOrNull(p) {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}
function linkedGitDir(dotGitFile) {
  let text;
  try {
    text = readFileSync(dotGitFile, "utf8");
  } catch {
    return null;
  }
  const m = /^gitdir: *(.+?)\s*$/m.exec(text);
  if (!m) return null;
  const target = realOrNull(path4.resolve(path4.dirname(dotGitFile), m[1]));
  if (!target || !looksLikeGitDir(target)) return null;
  const parts = target.split(path4.sep);
  const at = parts.lastIndexOf(".git", parts.length - 3);
  if (at < 1 || parts[at + 1] !== "worktrees" && parts[at + 1] !== "modules") return null;
  const home = parts.slice(0, at + 1).join(path4.sep);
  return realOrNull(home) === home && isDir(home) && looksLikeGitDir(home) ? target : null;
}
function findGitRepo(start2, ceiling) {
  const from = realOrNull(start2);
  if (!from || !statSync(from, { throwIfNoEntry: false })?.isDirectory()) return null;
  const stop = ceiling ? realOrNull(ceiling) : null;
  if (ceiling && (!stop || !inside(stop, from))) return null;
  for (let dir = from; ; ) {
    const dotGit = path4.join(dir, ".git");
    const st = lstatSync(dotGit, { throwIfNoEntry: false });
    if (st) {
      let gitDir = null;
      if (st.isDirectory()) gitDir = looksLikeGitDir(dotGit) ? dotGit : null;
      else if (st.isFile()) gitDir = linkedGitDir(dotGit);
      if (!gitDir) return null;
      if (inside(gitDir, from)) return null;
      return { gitDir, workTree: dir };
    }
    const up = path4.dirname(dir);
    if (up === dir || stop !== null && dir === stop) return null;
    dir = up;
  }
}
function inside(parent, child) {
  const rel = path4.relative(parent, child);
  return rel === "" || !rel.startsWith("..") && !path4.isAbsolute(rel);
}
function gitEnv(repo, base = process.env) {
  const env = {};
  for (const [k, v] of Object.entries(base)) if (!/^GIT_/i.test(k)) env[k] = v;
  return {
    ...env,
    GIT_DIR: repo.gitDir,
    GIT_WORK_TREE: repo.workTree,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_ATTR_NOSYSTEM: "1",
    GIT_NO_REPLACE_OBJECTS: "1",
    GIT_NO_LAZY_FETCH: "1",
    GIT_ALLOW_PROTOCOL: "",
    GIT_TERMINAL_PROMPT: "0",
    GIT_PAGER: "cat",
    PAGER: "cat",
    GIT_OPTIONAL_LOCKS: "0",
    LC_ALL: "C"
  };
}
var BACKGROUND_PRIORITY = 10;
async function filterOverrides(repo) {
  const r = await run(repo, ["config", "-z", "--name-only", "--get-regexp", "^filter\\."], {}, []);
  if (!r.ok && r.code !== 1) return null;
  const names = /* @__PURE__ */ new Set();
  for (const key of String(r.out).split("\0").filter(Boolean)) {
    const first = key.indexOf(".");
    const last = key.lastIndexOf(".");
    if (last > first) names.add(key.slice(first + 1, last));
  }
  return [...names].flatMap((n) => [
    [`filter.${n}.clean`, ""],
    [`filter.${n}.smudge`, ""],
    [`filter.${n}.process`, ""],
    [`filter.${n}.required`, "false"]
  ]);
}
async function git(repo, args, opts = {}) {
  let pairs = [];
  if (opts.filters === false) {
    const off = await filterOverrides(repo);
    if (off === null) return { ok: false, code: null, out: opts.encoding === "buffer" ? Buffer.alloc(0) : "", err: "could not read the filter drivers of the repository config" };
    if (opts.signal?.aborted) return { ok: false, code: null, out: opts.encoding === "buffer" ? Buffer.alloc(0) : "", err: "stopped" };
    pairs = off;
  }
  return run(repo, args, opts, pairs);
}
function run(repo, args, opts, pairs) {
  const encoding = opts.encoding ?? "utf8";
  const env = gitEnv(repo);
  if (pairs.length) {
    env.GIT_CONFIG_COUNT = String(pairs.length);
    pairs.forEach(([k, v], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = k;
      env[`GIT_CONFIG_VALUE_${i}`] = v;
    });
  }
  return new Promise((resolve) => {
    const child = execFile(
      "git",
      ["--no-pager", ...OVERRIDES, ...args],
      { cwd: opts.cwd ?? repo.workTree, env, encoding, maxBuffer: opts.maxBuffer ?? 256 * 1024 * 1024, windowsHide: true, ...opts.signal ? { signal: opts.signal } : {} },
      (err, stdout, stderr) => {
        const code = err ? typeof err.code === "number" ? err.code : null : 0;
        const truncated = err?.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER";
        resolve({ ok: !err, code, out: stdout, err: String(stderr).trim(), ...truncated ? { truncated } : {} });
      }
    );
    if (opts.background && child.pid !== void 0) {
      try {
        os.setPriority(child.pid, BACKGROUND_PRIORITY);
      } catch {
      }
    }
  });
}

// src/workspace/prefetch.ts
var ARGS = {
  /** every file: tracked, and untracked but not ignored (a listing without blob ids) */
  all: ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name", "--", "."],
  /** untracked but not ignored */
  others: ["ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", "."],
  /** tracked and changed in the work tree: read through the repository's filter drivers, so never let it run them */
  changed: ["diff-files", "-z", "--name-only", "--", "."],
  /** the tracked files with their blob ids, when git's index file is not one git-index.ts vouches for (never started early) */
  staged: ["ls-files", "-z", "-s", "-v", "--full-name", "--", "."]
};
var REGISTRY = /* @__PURE__ */ Symbol.for("living-architecture.listing-prefetch");
function registry() {
  const g = globalThis;
  return g[REGISTRY] ??= /* @__PURE__ */ new Map();
}
function keyOf(repo, root2, command) {
  return JSON.stringify([repo.gitDir, repo.workTree, root2, command]);
}
function start(repo, root2, command, signal) {
  return git(repo, ARGS[command], {
    cwd: root2,
    maxBuffer: 1024 * 1024 * 1024,
    encoding: "buffer",
    background: true,
    // the listing reads git's index and the fact store meanwhile
    ...command === "changed" ? { filters: false } : {},
    ...signal ? { signal } : {}
  });
}
function prefetchListing(root2, withBlobs) {
  let real;
  try {
    real = realpathSync2(root2);
  } catch {
    return;
  }
  const repo = findGitRepo(real);
  if (!repo) return;
  if (withBlobs) readGitIndexAhead(repo.gitDir);
  const reg = registry();
  for (const command of withBlobs ? ["others", "changed"] : ["all"]) {
    const key = keyOf(repo, real, command);
    if (reg.has(key)) continue;
    const abort = new AbortController();
    reg.set(key, { result: start(repo, real, command, abort.signal), abort });
  }
}

// src/cli/prefetch.ts
function prefetch(argv, cwd) {
  if (argv[0] !== "check") return;
  try {
    const v = parseFlags("check", argv.slice(1));
    if (v.help) return;
    const cacheDir = v["cache-dir"];
    const cached = typeof cacheDir === "string" && cacheDir !== "";
    if (cached) readStoresAhead(path5.resolve(cwd, cacheDir));
    prefetchListing(path5.resolve(cwd, v.root ?? "."), cached);
  } catch {
  }
}
export {
  prefetch
};
