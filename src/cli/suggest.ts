import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { writeAll } from '../report/write.js';
import { suggestGuardrails } from '../suggest.js';
import { plural } from '../util/text.js';
import { commandHelp, parseFlags } from './commands.js';
import { cliFence, confineReads } from './fence.js';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** `living-architecture suggest`: returns the exit code (0). */
export async function suggestCommand(args: string[], io: Io, defaultConfig: string): Promise<number> {
  const v = parseFlags('suggest', args);
  if (v.help) {
    io.stdout.write(commandHelp('suggest'));
    return 0;
  }
  const root = path.resolve(io.cwd, (v.root as string | undefined) ?? '.');
  const st = await fs.stat(root).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`--root ${root} is not a directory`);
  const configArg = v.config as string | undefined;
  const configAbs = configArg ? path.resolve(io.cwd, configArg) : path.join(root, defaultConfig);
  const configShown = (path.relative(io.cwd, configAbs) || configAbs).split(path.sep).join('/');
  const fence = await cliFence(root, io.cwd);
  await confineReads(fence, [{ path: configAbs, display: configShown, what: configArg ? '--config' : 'the guardrails file' }]);
  const config = await loadConfig(configAbs, configShown, { optional: configArg === undefined });
  const out = v.out as string | undefined;
  if (out && config.file && (await samePath(path.resolve(io.cwd, out), configAbs))) {
    throw new UsageError(
      `--out ${out} is the guardrails file suggest reads: writing there would replace its ${plural(config.guardrails.length + config.disabled.length, 'guardrail')}`,
      'write to another file (or to stdout) and paste the entries you want under guardrails:',
    );
  }
  // The file says where it belongs: the default path under the root, as the user will commit it.
  const s = await suggestGuardrails({ root, config, configShown: config.file ? configShown : defaultConfig, verify: !v['no-verify'] });
  for (const n of s.notices) io.stderr.write(`notice: ${n}\n`);
  if (out)
    await writeAll([{ path: path.resolve(io.cwd, out), content: s.yaml, what: '--out', shown: out }], { fence }); // creates the folder (a new repository has no infra/selfcheck/ yet)
  else io.stdout.write(s.yaml);
  if (s.dropped.length) io.stderr.write(`dropped ${plural(s.dropped.length, 'suggestion')} that did not pass when run: ${s.dropped.join(', ')}\n`);
  return 0;
}

/** The same file, also through symbolic links (a path that does not exist is only itself). */
async function samePath(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const real = (p: string) => fs.realpath(p).catch(() => p);
  return (await real(a)) === (await real(b));
}
