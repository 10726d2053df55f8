"""Data access: queries over the SQLAlchemy models."""
