"""Request rate limiting (slowapi).

Storage defaults to ``memory://``: every API instance counts on its own, so the
effective limit grows with the number of replicas (audit: rate limiting).
"""

from __future__ import annotations

from fastapi import Request
from slowapi import Limiter
from slowapi.util import get_remote_address

from backend.config import settings


def _client_key(request: Request) -> str:
    user_id = getattr(request.state, "user_id", None)
    if user_id is not None:
        return f"user:{user_id}"
    return get_remote_address(request)


limiter = Limiter(
    key_func=_client_key,
    default_limits=[settings.RATE_LIMIT_DEFAULT],
    storage_uri=settings.RATE_LIMIT_STORAGE_URI,
    headers_enabled=True,
)

AUTH_LIMIT = "10/minute"
INGEST_LIMIT = "600/minute"
BATCH_LIMIT = "60/minute"
