/**
 * GitHub's runner reads every line a step prints as a possible workflow command: a line that starts
 * with `::` after leading white space (`::error::`, `::add-mask::`, `::stop-commands::`), and the
 * legacy form `##[command]` anywhere in a line. Text from the repository (file and folder names, a
 * multi-line `run:`, titles, command output) must never become one. The runner splits lines at
 * `\n`, `\r\n` and a lone `\r`, and trims .NET white space, which includes U+0085.
 *
 * The cure is a zero-width space (U+200B, not white space to the runner) between the two colons and
 * after `##`: the text reads the same in the log, and no command is formed.
 */
const ZWSP = '\u200b';
const LINE = /(\r\n|\r|\n)/;
const LEADING_COMMAND = /^([\s\u0085\u001c-\u001f]*):(?=:)/; // a little more than .NET trims: harmless

/** Text safe to print to a runner's log, line by line. */
export function neutraliseCommands(text: string): string {
  if (!text.includes('::') && !text.includes('##[')) return text;
  return text
    .split(LINE)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(LEADING_COMMAND, `$1:${ZWSP}`).replaceAll('##[', `##${ZWSP}[`)))
    .join('');
}

/**
 * JSON safe to print to a runner's log and still the same data: `##[` can only stand inside a JSON
 * string, where `\u005b` is the same `[`; a line of JSON.stringify output never starts with `::`.
 */
export function neutraliseCommandsInJson(json: string): string {
  return json.includes('##[') ? json.replaceAll('##[', '##\\u005b') : json;
}

/** A stream whose writes of text go through `neutraliseCommands` (the CLI's stdout and stderr). */
export function neutralisingStream(stream: NodeJS.WritableStream): NodeJS.WritableStream {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => (stream.write as (...a: unknown[]) => boolean).call(stream, typeof chunk === 'string' ? neutraliseCommands(chunk) : chunk, ...rest);
  return new Proxy(stream, { get: (target, prop) => (prop === 'write' ? write : Reflect.get(target, prop, target)) });
}
