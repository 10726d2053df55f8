"""Pulse analytics backend: FastAPI API, SQLAlchemy models, Alembic migrations."""

__version__ = "2.7.0"
