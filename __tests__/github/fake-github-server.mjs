#!/usr/bin/env node
/**
 * A stand-in for the GitHub REST API on 127.0.0.1, enough for the PR comment and the drift issue:
 * issues (list by label and state, paginated with Link headers, create, update), issue comments
 * (list paginated, create, update, each with its author `user`), labels and GET /user. Tokens
 * starting with "readonly-" get 403 on writes, like a pull request's token from a fork. A token
 * "pat-<login>" acts as a person's token (GET /user answers <login>, comments are theirs); any
 * other acts as the GITHUB_TOKEN: GET /user is 403 (as for an installation token) and comments
 * are github-actions[bot]'s. It runs as its own process so that a test can run
 * dist/index.js synchronously against it.
 *
 *   node fake-github-server.mjs        prints "listening <port>" on stdout
 *
 * Control endpoints for the test: GET /__requests (the API requests made, in order),
 * GET /__state, POST /__seed { issues, comments, labels }.
 */
import http from 'node:http';

const state = { issues: [], comments: [], labels: new Map(), nextIssue: 1, nextComment: 1000 };
const requests = [];

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function page(req, res, url, list) {
  const per = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
  const n = Number(url.searchParams.get('page') ?? 1);
  const slice = list.slice((n - 1) * per, n * per);
  const headers = {};
  if (n * per < list.length) {
    const next = new URL(url);
    next.searchParams.set('page', String(n + 1));
    headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`;
  }
  send(res, 200, slice, headers);
}

const issueJson = (i) => ({ ...i, html_url: `https://github.com/${i.repo}/issues/${i.number}`, labels: i.labels.map((name) => ({ name })) });
const commentJson = (c) => ({ ...c, html_url: `https://github.com/${c.repo}/pull/${c.issue_number}#issuecomment-${c.id}` });

const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    const body = raw ? JSON.parse(raw) : undefined;
    if (url.pathname === '/__requests') return send(res, 200, requests);
    if (url.pathname === '/__state') return send(res, 200, { issues: state.issues, comments: state.comments, labels: [...state.labels.values()] });
    if (url.pathname === '/__seed') {
      for (const i of body.issues ?? []) state.issues.push({ number: state.nextIssue++, state: 'open', labels: [], body: '', title: '', ...i });
      for (const c of body.comments ?? []) state.comments.push({ id: state.nextComment++, body: '', user: { login: 'someone', type: 'User' }, ...c });
      for (const l of body.labels ?? []) state.labels.set(l.name, l);
      return send(res, 200, {});
    }
    const auth = req.headers.authorization ?? '';
    requests.push({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), ...(body !== undefined ? { body } : {}), auth: /^(token|bearer) \S+$/i.test(auth) });
    if (!/^(token|bearer) \S+$/i.test(auth)) return send(res, 401, { message: 'Requires authentication' });
    if (req.method !== 'GET' && /readonly-/.test(auth)) return send(res, 403, { message: 'Resource not accessible by integration' });
    const pat = /^(?:token|bearer) pat-(\S+)$/i.exec(auth);
    const author = pat ? { login: pat[1], type: 'User' } : { login: 'github-actions[bot]', type: 'Bot' };
    const m = (re) => re.exec(url.pathname);
    let p;
    if (url.pathname === '/user' && req.method === 'GET') {
      return pat ? send(res, 200, author) : send(res, 403, { message: 'Resource not accessible by integration' });
    }
    if ((p = m(/^\/repos\/([^/]+\/[^/]+)\/issues$/)) && req.method === 'GET') {
      const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
      const st = url.searchParams.get('state') ?? 'open';
      const list = state.issues.filter((i) => i.repo === p[1] && (st === 'all' || i.state === st) && labels.every((l) => i.labels.includes(l)));
      return page(req, res, url, [...list].sort((a, b) => b.number - a.number).map(issueJson));
    }
    if ((p = m(/^\/repos\/([^/]+\/[^/]+)\/issues$/)) && req.method === 'POST') {
      const i = { repo: p[1], number: state.nextIssue++, title: body.title, body: body.body ?? '', state: 'open', labels: body.labels ?? [] };
      for (const l of i.labels) if (!state.labels.has(l)) state.labels.set(l, { name: l, color: 'ededed' });
      state.issues.push(i);
      return send(res, 201, issueJson(i));
    }
    if ((p = m(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)$/)) && req.method === 'PATCH') {
      const i = state.issues.find((x) => x.repo === p[1] && x.number === Number(p[2]));
      if (!i) return send(res, 404, { message: 'Not Found' });
      for (const k of ['title', 'body', 'state', 'state_reason']) if (body[k] !== undefined) i[k] = body[k];
      return send(res, 200, issueJson(i));
    }
    if ((p = m(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/)) && req.method === 'GET') {
      return page(
        req,
        res,
        url,
        state.comments
          .filter((c) => c.repo === p[1] && c.issue_number === Number(p[2]))
          .sort((a, b) => a.id - b.id)
          .map(commentJson),
      );
    }
    if ((p = m(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/)) && req.method === 'POST') {
      const c = { repo: p[1], id: state.nextComment++, issue_number: Number(p[2]), body: body.body, user: author };
      state.comments.push(c);
      return send(res, 201, commentJson(c));
    }
    if ((p = m(/^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/)) && req.method === 'PATCH') {
      const c = state.comments.find((x) => x.repo === p[1] && x.id === Number(p[2]));
      if (!c) return send(res, 404, { message: 'Not Found' });
      c.body = body.body;
      return send(res, 200, commentJson(c));
    }
    if ((p = m(/^\/repos\/([^/]+\/[^/]+)\/labels\/([^/]+)$/)) && req.method === 'GET') {
      const l = state.labels.get(decodeURIComponent(p[2]));
      return l ? send(res, 200, l) : send(res, 404, { message: 'Not Found' });
    }
    if ((p = m(/^\/repos\/([^/]+\/[^/]+)\/labels$/)) && req.method === 'POST') {
      if (state.labels.has(body.name)) return send(res, 422, { message: 'Validation Failed' });
      state.labels.set(body.name, body);
      return send(res, 201, body);
    }
    return send(res, 404, { message: 'Not Found' });
  });
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
