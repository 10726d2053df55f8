"""Audit trail: a row in audit_log plus an ``audit.*`` event for analytics."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from backend.models import AuditLog
from backend.services import event_service

logger = logging.getLogger(__name__)


def record_audit(
    db: Session,
    *,
    actor_id: int | None,
    action: str,
    target: str,
    details: dict[str, Any] | None = None,
) -> AuditLog:
    entry = AuditLog(actor_id=actor_id, action=action, target=target, details=details or {})
    db.add(entry)
    db.flush()
    event_service.track_event(
        db,
        f"audit.{action}",
        source="audit",
        properties={"target": target, **(details or {})},
        internal=True,
    )
    return entry
