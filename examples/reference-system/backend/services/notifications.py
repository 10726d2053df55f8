"""Notifications triggered by events: Slack alerts and the audit trail."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from backend.integrations.slack import post_message
from backend.models import Event

from .audit import record_audit

logger = logging.getLogger(__name__)

ALERTING_EVENTS = {"payment.failed", "workflow.failed", "auth.locked"}


class NotificationService:
    def __init__(self, db: Session) -> None:
        self.db = db

    def on_event(self, event: Event) -> None:
        if event.name not in ALERTING_EVENTS:
            return
        text = f":rotating_light: {event.name} (user={event.user_id}, source={event.source})"
        delivered = post_message(text)
        record_audit(
            self.db,
            actor_id=event.user_id,
            action="notification.sent" if delivered else "notification.failed",
            target=f"event:{event.id}",
        )
