"""Queries over events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.models import Event

if TYPE_CHECKING:
    from backend.services.event_service import EventService


class EventRepository:
    def __init__(self, db: Session, owner: EventService | None = None) -> None:
        self.db = db
        self.owner = owner

    def add(self, event: Event) -> Event:
        self.db.add(event)
        self.db.flush()
        return event

    def add_many(self, events: Sequence[Event]) -> int:
        self.db.add_all(list(events))
        self.db.flush()
        return len(events)

    def get(self, event_id: str) -> Event | None:
        return self.db.get(Event, event_id)

    def list(
        self,
        *,
        user_id: int | None = None,
        name: str | None = None,
        since: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Event]:
        query = select(Event).order_by(Event.created_at.desc())
        if user_id is not None:
            query = query.where(Event.user_id == user_id)
        if name:
            query = query.where(Event.name == name)
        if since is not None:
            query = query.where(Event.created_at >= since)
        return list(self.db.scalars(query.limit(limit).offset(offset)))

    def counts_by_name(self, since: datetime) -> dict[str, int]:
        rows = self.db.execute(
            select(Event.name, func.count()).where(Event.created_at >= since).group_by(Event.name)
        )
        return {name: count for name, count in rows}

    def delete(self, event: Event) -> None:
        self.db.delete(event)
