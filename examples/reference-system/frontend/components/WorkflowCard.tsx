"use client";

import { useState } from "react";

import { api } from "@/lib/api";
import type { Workflow, WorkflowExecution } from "@/types/workflow";

export default function WorkflowCard({ workflow }: { workflow: Workflow }) {
  const [execution, setExecution] = useState<WorkflowExecution | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setError(null);
    try {
      setExecution(await api.executeWorkflow(workflow.id));
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <article className="card">
      <h3>{workflow.name}</h3>
      <p className={`status ${workflow.status}`}>{workflow.status}</p>
      <button onClick={run} disabled={workflow.status !== "active"}>
        Run now
      </button>
      {execution && <p>Execution {execution.id.slice(0, 8)}: {execution.status}</p>}
      {error && <p className="error">{error}</p>}
    </article>
  );
}
