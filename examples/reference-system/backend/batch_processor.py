"""Batch ingestion of events with per-chunk retries.

Failed chunks are logged and dropped: there is no dead letter queue yet
(evolution: short term).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from backend.config import settings
from backend.models import Event

logger = logging.getLogger(__name__)

CHUNK_SIZE = 100
REQUIRED_FIELDS = ("name",)


@dataclass
class BatchResult:
    accepted: int = 0
    rejected: int = 0
    failed_chunks: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed_chunks == 0 and self.rejected == 0


def _chunks(items: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class BatchProcessor:
    def __init__(self, db: Session, max_retries: int | None = None) -> None:
        self.db = db
        self.max_retries = settings.BATCH_MAX_RETRIES if max_retries is None else max_retries

    def validate(self, item: dict[str, Any]) -> str | None:
        for name in REQUIRED_FIELDS:
            if not item.get(name):
                return f"missing field {name!r}"
        if len(str(item["name"])) > 120:
            return "name longer than 120 characters"
        return None

    def process(self, items: Sequence[dict[str, Any]], user_id: int | None = None) -> BatchResult:
        result = BatchResult()
        if len(items) > settings.BATCH_MAX_EVENTS:
            result.rejected = len(items)
            result.errors.append(f"batch larger than {settings.BATCH_MAX_EVENTS} events")
            return result

        valid: list[dict[str, Any]] = []
        for index, item in enumerate(items):
            problem = self.validate(item)
            if problem:
                result.rejected += 1
                result.errors.append(f"item {index}: {problem}")
            else:
                valid.append(item)

        for chunk in _chunks(valid, CHUNK_SIZE):
            if self._store_with_retry(chunk, user_id):
                result.accepted += len(chunk)
            else:
                result.failed_chunks += 1
        return result

    def _store_with_retry(self, chunk: Sequence[dict[str, Any]], user_id: int | None) -> bool:
        for attempt in range(1, self.max_retries + 1):
            try:
                self.db.add_all(
                    Event(
                        name=item["name"],
                        user_id=user_id,
                        source=item.get("source", "batch"),
                        properties=item.get("properties") or {},
                        value=item.get("value"),
                    )
                    for item in chunk
                )
                self.db.commit()
                return True
            except OperationalError as exc:
                self.db.rollback()
                delay = 0.2 * 2 ** (attempt - 1)
                logger.warning("batch chunk attempt %d/%d failed (%s); retry in %.1fs", attempt, self.max_retries, exc, delay)
                time.sleep(delay)
            except SQLAlchemyError:
                self.db.rollback()
                logger.exception("batch chunk failed permanently")
                return False
        # TODO(ARCH-140): push the chunk to a dead letter queue instead of dropping it
        logger.error("dropping chunk of %d events after %d attempts", len(chunk), self.max_retries)
        return False
