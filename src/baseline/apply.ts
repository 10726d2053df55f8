/** The engine's one call into the baseline: read the file (when there is one) and classify the run. */
import { ConfigError } from '../errors.js';
import type { BaselineOutcome, FailOn, Finding } from '../types.js';
import { classify, type Scope } from './classify.js';
import { readBaseline } from './file.js';

export interface BaselineOption {
  /** Absolute path of the baseline file. */
  path: string;
  /** How to show it in messages. */
  display: string;
  /** The user named it: a missing file is an error, not "no baseline". */
  explicit: boolean;
}

/**
 * Classify `findings` against the baseline file. A missing default file means no baseline
 * (every finding counts as new; said in a notice when it matters, with fail-on: new); a missing
 * file the user named is a ConfigError.
 */
export async function applyBaseline(opt: BaselineOption, findings: Finding[], ctx: { scope: Scope; today: string; failOn: FailOn; notices: string[] }): Promise<BaselineOutcome | undefined> {
  const baseline = await readBaseline(opt.path, opt.display);
  if (!baseline) {
    if (opt.explicit) {
      throw new ConfigError('baseline file not found', { file: opt.display, hint: "write it with 'living-architecture baseline update', or leave the option out to run without a baseline" });
    }
    if (ctx.failOn === 'new') ctx.notices.push(`No baseline at ${opt.display}: every finding counts as new. Write one with 'living-architecture baseline update' and commit it.`);
    return undefined;
  }
  return classify(findings, baseline, { scope: ctx.scope, today: ctx.today, file: opt.display });
}
