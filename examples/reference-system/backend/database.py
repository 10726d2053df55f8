"""Database engine, session factory and pool introspection."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from backend.config import settings

# from backend.circuit_breaker import CircuitBreaker  # TODO(ARCH-112): wire the breaker

logger = logging.getLogger(__name__)


class Base(DeclarativeBase):
    """Declarative base shared by every model."""


engine = create_engine(
    settings.DATABASE_URL,
    pool_size=settings.DATABASE_POOL_SIZE,
    max_overflow=settings.DATABASE_MAX_OVERFLOW,
    pool_timeout=settings.DATABASE_POOL_TIMEOUT,
    pool_recycle=settings.DATABASE_POOL_RECYCLE,
    pool_pre_ping=True,
    future=True,
)

SessionLocal = sessionmaker(bind=engine, autoflush=False, expire_on_commit=False)


@event.listens_for(engine, "checkout")
def _on_checkout(dbapi_connection, connection_record, connection_proxy) -> None:  # noqa: ANN001
    connection_record.info.setdefault("checkouts", 0)
    connection_record.info["checkouts"] += 1


def get_db() -> Iterator[Session]:
    """FastAPI dependency: one session per request."""
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@contextmanager
def session_scope() -> Iterator[Session]:
    """Transactional scope for workers and scripts."""
    db = SessionLocal()
    try:
        yield db
        db.commit()
    except SQLAlchemyError:
        db.rollback()
        raise
    finally:
        db.close()


def pool_status() -> dict[str, float | int]:
    """Snapshot of the connection pool, reported by /health/readiness."""
    pool = engine.pool
    size = pool.size()
    checked_out = pool.checkedout()
    capacity = size + settings.DATABASE_MAX_OVERFLOW
    return {
        "size": size,
        "checked_out": checked_out,
        "overflow": pool.overflow(),
        "capacity": capacity,
        "utilization": round(checked_out / capacity, 3) if capacity else 0.0,
    }


def ping() -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError as exc:
        logger.error("database ping failed: %s", exc)
        return False
