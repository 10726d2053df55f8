import type { Workflow } from "./workflow";

export type StepAction = "noop" | "delay" | "tag";

export interface WorkflowStep {
  action: StepAction;
  config: Record<string, unknown>;
  timeout_seconds?: number | null;
  /** Back-reference filled in by the editor, never sent to the API. */
  workflow?: Pick<Workflow, "id" | "name">;
}
