"""Event handlers being moved out of backend.main.

The route decorators still live in main.py; these functions hold the logic so
that the next step of the split only has to move the decorators.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import HTTPException, status
from sqlalchemy.orm import Session

from backend.batch_processor import BatchProcessor, BatchResult
from backend.models import Event, User
from backend.services.event_service import EventService, EventValidationError


def create_event(db: Session, user: User | None, payload: dict[str, Any]) -> Event:
    try:
        return EventService(db).track(
            payload["name"],
            user=user,
            source=payload.get("source", "web"),
            properties=payload.get("properties"),
            value=payload.get("value"),
        )
    except EventValidationError as exc:
        raise HTTPException(status_code=status.HTTP_422_UNPROCESSABLE_ENTITY, detail=str(exc)) from exc


def create_batch(db: Session, user: User | None, items: list[dict[str, Any]]) -> BatchResult:
    processor = BatchProcessor(db)
    return processor.process(items, user_id=user.id if user else None)


def list_events(
    db: Session,
    *,
    user_id: int | None,
    name: str | None,
    since: datetime | None,
    limit: int,
    offset: int,
) -> list[Event]:
    return EventService(db).events.list(user_id=user_id, name=name, since=since, limit=limit, offset=offset)


def get_event_or_404(db: Session, event_id: str) -> Event:
    event = EventService(db).events.get(event_id)
    if event is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Event not found")
    return event
