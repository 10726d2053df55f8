"""Runs workflow executions step by step, in-process.

A Celery worker is planned (evolution: long term); until then executions run
in a background thread of the API process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select

from backend.database import session_scope
from backend.models import ExecutionStatus, Workflow, WorkflowExecution, WorkflowStep

logger = logging.getLogger(__name__)

StepHandler = Callable[[WorkflowStep, dict[str, Any]], dict[str, Any]]


def _noop(step: WorkflowStep, context: dict[str, Any]) -> dict[str, Any]:
    return context


def _delay(step: WorkflowStep, context: dict[str, Any]) -> dict[str, Any]:
    time.sleep(float(step.config.get("seconds", 1)))
    return context


def _tag(step: WorkflowStep, context: dict[str, Any]) -> dict[str, Any]:
    tags = set(context.get("tags", []))
    tags.add(step.config.get("tag", "untagged"))
    return {**context, "tags": sorted(tags)}


HANDLERS: dict[str, StepHandler] = {"noop": _noop, "delay": _delay, "tag": _tag}


class StepTimeout(RuntimeError):
    pass


class WorkflowScheduler:
    def __init__(self, default_timeout: int = 120) -> None:
        self.default_timeout = default_timeout
        self._threads: dict[str, threading.Thread] = {}

    def enqueue(self, workflow_id: int) -> str:
        with session_scope() as db:
            execution = WorkflowExecution(workflow_id=workflow_id, status=ExecutionStatus.queued)
            db.add(execution)
            db.flush()
            execution_id = execution.id
        thread = threading.Thread(target=self.run, args=(execution_id,), name=f"wf-{execution_id}", daemon=True)
        self._threads[execution_id] = thread
        thread.start()
        return execution_id

    def run(self, execution_id: str) -> None:
        with session_scope() as db:
            execution = db.get(WorkflowExecution, execution_id)
            if execution is None:
                logger.error("execution %s vanished", execution_id)
                return
            workflow = db.get(Workflow, execution.workflow_id)
            steps = list(db.scalars(select(WorkflowStep).where(WorkflowStep.workflow_id == workflow.id).order_by(WorkflowStep.position)))
            execution.status = ExecutionStatus.running
            db.flush()
            context: dict[str, Any] = {"workflow_id": workflow.id, "trigger": workflow.trigger}
            for index, step in enumerate(steps):
                execution.current_step = index
                print(f"[scheduler] execution={execution_id} step={index} action={step.action}")
                try:
                    context = self._run_step(step, context)
                except Exception as exc:  # noqa: BLE001 - any failure fails the execution
                    execution.status = ExecutionStatus.failed
                    execution.error = f"step {index} ({step.action}): {exc}"
                    execution.finished_at = datetime.now(timezone.utc)
                    logger.warning("execution %s failed: %s", execution_id, execution.error)
                    return
            execution.status = ExecutionStatus.succeeded
            execution.finished_at = datetime.now(timezone.utc)

    def _run_step(self, step: WorkflowStep, context: dict[str, Any]) -> dict[str, Any]:
        handler = HANDLERS.get(step.action)
        if handler is None:
            raise ValueError(f"unknown action {step.action!r}")
        timeout = step.timeout_seconds or self.default_timeout
        started = time.monotonic()
        result = handler(step, context)
        if time.monotonic() - started > timeout:
            raise StepTimeout(f"step exceeded {timeout}s")
        return result

    def active_count(self) -> int:
        return sum(1 for thread in self._threads.values() if thread.is_alive())


scheduler = WorkflowScheduler()
