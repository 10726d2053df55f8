import type { WorkflowStep } from "./step";

export type WorkflowStatus = "draft" | "active" | "paused";

export interface Workflow {
  id: number;
  name: string;
  status: WorkflowStatus;
  trigger: Record<string, unknown>;
  created_at: string;
  steps?: WorkflowStep[];
}

export interface WorkflowExecution {
  id: string;
  workflow_id: number;
  status: "queued" | "running" | "succeeded" | "failed";
  current_step: number;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}
