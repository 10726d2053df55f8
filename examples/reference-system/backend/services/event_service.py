"""Event ingestion and queries."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy.orm import Session

from backend.cache import cache
from backend.models import Event, User
from backend.repositories.event_repository import EventRepository
from backend.services.notifications import NotificationService

logger = logging.getLogger(__name__)

RESERVED_PREFIXES = ("audit.", "system.")


class EventValidationError(ValueError):
    pass


class EventService:
    def __init__(self, db: Session) -> None:
        self.db = db
        self.events = EventRepository(db, owner=self)
        self.notifications = NotificationService(db)

    def track(
        self,
        name: str,
        *,
        user: User | None = None,
        source: str = "web",
        properties: dict[str, Any] | None = None,
        value: float | None = None,
        internal: bool = False,
    ) -> Event:
        if not internal and name.startswith(RESERVED_PREFIXES):
            raise EventValidationError(f"event names starting with {RESERVED_PREFIXES} are reserved")
        event = Event(
            name=name,
            user_id=user.id if user else None,
            source=source,
            properties=properties or {},
            value=value,
        )
        self.events.add(event)
        self.db.commit()
        cache.invalidate("events:stats:24h")
        self.notifications.on_event(event)
        return event

    def track_many(self, items: Iterable[dict[str, Any]], user: User | None = None) -> int:
        events = [
            Event(
                name=item["name"],
                user_id=user.id if user else None,
                source=item.get("source", "web"),
                properties=item.get("properties") or {},
                value=item.get("value"),
            )
            for item in items
        ]
        stored = self.events.add_many(events)
        self.db.commit()
        cache.invalidate("events:stats:24h")
        return stored

    def stats(self, hours: int = 24) -> dict[str, int]:
        key = f"events:stats:{hours}h"
        cached = cache.get_json(key)
        if cached is not None:
            return cached
        since = datetime.now(timezone.utc) - timedelta(hours=hours)
        counts = self.events.counts_by_name(since)
        cache.set_json(key, counts, ttl=60)
        return counts


def track_event(db: Session, name: str, **kwargs: Any) -> Event:
    """Module-level shortcut used by background jobs and the audit trail."""
    return EventService(db).track(name, **kwargs)
