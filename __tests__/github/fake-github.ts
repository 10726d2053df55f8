import { spawn } from 'node:child_process';
import { atFileEnd } from '../cleanup.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: Record<string, unknown>;
  auth: boolean;
}

export interface FakeIssue {
  repo: string;
  number: number;
  title: string;
  body: string;
  state: string;
  state_reason?: string;
  labels: string[];
  pull_request?: object;
}

export interface FakeComment {
  repo: string;
  id: number;
  issue_number: number;
  body: string;
  user?: { login: string; type: string };
}

/** Start the stand-in GitHub API (fake-github-server.mjs) in its own process. */
export async function fakeGitHub(): Promise<{
  url: string;
  requests: () => Promise<RecordedRequest[]>;
  state: () => Promise<{ issues: FakeIssue[]; comments: FakeComment[]; labels: { name: string }[] }>;
  seed: (s: { issues?: Partial<FakeIssue>[]; comments?: Partial<FakeComment>[]; labels?: { name: string }[] }) => Promise<void>;
  close: () => void;
}> {
  const child = spawn(process.execPath, [new URL('./fake-github-server.mjs', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
  atFileEnd(() => child.kill('SIGTERM'));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`fake GitHub exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const get = async <T>(p: string): Promise<T> => (await (await fetch(`${url}${p}`)).json()) as T;
  return {
    url,
    requests: () => get('/__requests'),
    state: () => get('/__state'),
    seed: async (s) => {
      await fetch(`${url}/__seed`, { method: 'POST', body: JSON.stringify(s) });
    },
    close: () => child.kill('SIGTERM'),
  };
}
