#!/usr/bin/env node
// Regenerates docs/job-summary.png: runs the bundled Action (dist/index.js) on
// examples/reference-system exactly as the runner does, renders the job summary it writes
// (GitHub-flavoured Markdown: tables, <details>, alerts) to HTML styled roughly like GitHub, and
// screenshots the page with headless Chromium.
//
//   npm run bundle && node scripts/render-summary.mjs [--open N] [--out FILE] [--html FILE]
//
// --open N   unfold the first N folded sections (default 0: as the reader first sees it; the fix list is on top)
// --html F   also keep the HTML page (to look at it in a browser)
// Needs Chromium (Debian: apt-get install -y chromium fonts-noto-color-emoji); CHROMIUM=path overrides.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Marked } from 'marked';
import markedAlert from 'marked-alert';
import { parse as parseYaml } from 'yaml';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { open: { type: 'string', default: '0' }, out: { type: 'string', default: 'docs/job-summary.png' }, html: { type: 'string' } } });
const WIDTH = 1012; // GitHub's job summary column is about this wide

/** Run dist/index.js on the example as the runner would; returns the Markdown it appended to GITHUB_STEP_SUMMARY. */
export function actionSummary(tmp) {
  const index = path.join(REPO, 'dist/index.js');
  if (!existsSync(index)) throw new Error('dist/index.js is missing: run npm run bundle first');
  const summary = path.join(tmp, 'summary.md');
  const output = path.join(tmp, 'output');
  const event = path.join(tmp, 'event.json');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  writeFileSync(event, '{}');
  const action = parseYaml(readFileSync(path.join(REPO, 'action.yml'), 'utf8'));
  const inputs = { 'working-directory': 'examples/reference-system', 'sarif-file': path.join(tmp, 'guardrails.sarif'), category: 'reference-system' };
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmp,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: REPO,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_EVENT_PATH: event,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'acme/pulse',
    GITHUB_SHA: 'main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    RUNNER_TEMP: tmp,
  };
  for (const [name, spec] of Object.entries(action.inputs)) {
    env[`INPUT_${name.toUpperCase()}`] = name in inputs ? inputs[name] : name === 'github-token' ? '' : String(spec.default ?? '');
  }
  const r = spawnSync(process.execPath, [index], { cwd: REPO, env, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 1) throw new Error(`expected the Action to fail on the example (exit 1), got ${r.status}:\n${r.stderr}`);
  return readFileSync(summary, 'utf8');
}

/** The summary Markdown as a self-contained HTML page styled like a GitHub job summary. */
export function page(markdown, open) {
  const marked = new Marked({ gfm: true }).use(markedAlert());
  let body = marked.parse(markdown);
  let n = 0;
  body = body.replace(/<details>/g, (m) => (n++ < open ? '<details open>' : m));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Job summary</title>
<style>${CSS}</style></head>
<body><div class="frame"><div class="bar"><span class="job">guardrails</span> summary</div>
<article class="markdown-body">${body}</article></div>
<script>document.body.setAttribute('data-height', String(document.documentElement.scrollHeight));</script>
</body></html>
`;
}

const CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f8fa; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif, "Noto Color Emoji"; color: #1f2328; }
.frame { margin: 16px; background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
.bar { padding: 10px 16px; border-bottom: 1px solid #d1d9e0; font-size: 14px; color: #59636e; }
.bar .job { font-weight: 600; color: #1f2328; }
.markdown-body { padding: 16px 24px 8px; font-size: 14px; line-height: 1.5; word-wrap: break-word; }
.markdown-body h2 { font-size: 1.5em; font-weight: 600; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; margin: 8px 0 16px; }
.markdown-body h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; }
.markdown-body p, .markdown-body table, .markdown-body details, .markdown-body .markdown-alert { margin: 0 0 16px; }
.markdown-body a { color: #0969da; text-decoration: none; }
.markdown-body code { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 85%; padding: .2em .4em; background: #818b981f; border-radius: 6px; }
.markdown-body pre { background: #f6f8fa; border-radius: 6px; padding: 16px; overflow: auto; font-size: 85%; }
.markdown-body pre code { background: none; padding: 0; font-size: 100%; }
.markdown-body sub { font-size: 12px; color: #59636e; }
.markdown-body table { border-collapse: collapse; border-spacing: 0; display: block; width: max-content; max-width: 100%; overflow: auto; }
.markdown-body th, .markdown-body td { padding: 6px 13px; border: 1px solid #d1d9e0; vertical-align: top; }
.markdown-body th { font-weight: 600; }
.markdown-body tr { background: #fff; border-top: 1px solid #d1d9e0b3; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body summary { cursor: pointer; }
.markdown-body details > summary { margin-bottom: 8px; }
.markdown-body details[open] > summary { margin-bottom: 12px; }
.markdown-body .markdown-alert { padding: 8px 16px; border-left: .25em solid #0969da; }
.markdown-body .markdown-alert-title { display: flex; align-items: center; font-weight: 500; color: #0969da; margin: 0 0 4px; }
.markdown-body .markdown-alert-title svg { fill: currentColor; margin-right: 8px; }
.markdown-body .markdown-alert p:last-child { margin-bottom: 0; }
.markdown-body .markdown-alert-warning { border-left-color: #9a6700; }
.markdown-body .markdown-alert-warning .markdown-alert-title { color: #9a6700; }
.markdown-body .markdown-alert-tip { border-left-color: #1a7f37; }
.markdown-body .markdown-alert-tip .markdown-alert-title { color: #1a7f37; }
`;

function chromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const c of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' });
    if (r.status === 0) return r.stdout.trim();
  }
  throw new Error('Chromium not found: apt-get install -y chromium fonts-noto-color-emoji (or set CHROMIUM)');
}

function browse(htmlFile, tmp, extra) {
  const profile = mkdtempSync(path.join(tmp, 'profile-'));
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    ...extra,
    `file://${htmlFile}`,
  ];
  const r = spawnSync(chromium(), flags, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`chromium exited with ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'la-summary-'));
  try {
    const markdown = actionSummary(tmp);
    const html = page(markdown, Number(args.open));
    const htmlFile = path.join(tmp, 'summary.html');
    writeFileSync(htmlFile, html);
    if (args.html) writeFileSync(path.resolve(args.html), html);
    // First pass: lay the page out at the final width and read its height; second pass: the shot.
    const dom = browse(htmlFile, tmp, [`--window-size=${WIDTH},800`, '--dump-dom']);
    const height = Number(/data-height="(\d+)"/.exec(dom)?.[1]);
    if (!height) throw new Error('could not measure the page height');
    const out = path.resolve(REPO, args.out);
    browse(htmlFile, tmp, [`--window-size=${WIDTH},${height}`, `--screenshot=${out}`]);
    console.log(`wrote ${path.relative(REPO, out)}: ${WIDTH}×${height}, ${Math.round(statSync(out).size / 1024)} KiB`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
