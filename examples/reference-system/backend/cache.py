"""Cache with a Redis backend and an in-process fallback.

When Redis is not configured or not reachable, values live in a process-local
dictionary: they are lost on restart and not shared between instances
(audit: cache persistence).
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from typing import Any

from backend.config import settings

try:
    import redis
except ImportError:  # pragma: no cover - redis is optional in development
    redis = None

logger = logging.getLogger(__name__)


class _MemoryCache:
    def __init__(self) -> None:
        self._data: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            expires_at, value = item
            if expires_at < time.monotonic():
                del self._data[key]
                return None
            return value

    def setex(self, key: str, ttl: int, value: str) -> None:
        with self._lock:
            self._data[key] = (time.monotonic() + ttl, value)

    def delete(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._data.pop(key, None)

    def ping(self) -> bool:
        return True


class Cache:
    def __init__(self, url: str | None) -> None:
        self.backend_name = "memory"
        self._client: Any = _MemoryCache()
        self.hits = 0
        self.misses = 0
        if url and redis is not None:
            try:
                client = redis.Redis.from_url(url, socket_timeout=0.5, decode_responses=True)
                client.ping()
                self._client = client
                self.backend_name = "redis"
            except Exception as exc:  # noqa: BLE001 - any failure means fallback
                logger.warning("redis unavailable (%s); using in-memory cache", exc)

    def get_json(self, key: str) -> Any | None:
        raw = self._client.get(key)
        if raw is None:
            self.misses += 1
            return None
        self.hits += 1
        return json.loads(raw)

    def set_json(self, key: str, value: Any, ttl: int | None = None) -> None:
        ttl = ttl or settings.CACHE_DEFAULT_TTL
        jitter = random.randint(0, max(1, ttl // 10))
        self._client.setex(key, ttl + jitter, json.dumps(value, default=str))

    def invalidate(self, *keys: str) -> None:
        if keys:
            self._client.delete(*keys)

    def healthy(self) -> bool:
        try:
            return bool(self._client.ping())
        except Exception:  # noqa: BLE001
            return False

    @property
    def hit_rate(self) -> float:
        total = self.hits + self.misses
        return round(self.hits / total, 3) if total else 0.0


cache = Cache(settings.REDIS_URL)
