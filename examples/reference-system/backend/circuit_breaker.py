"""A small circuit breaker for calls to the database and external services.

Written after the pool-exhaustion incident; not used by backend.database yet.
"""

from __future__ import annotations

import enum
import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


class State(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpenError(RuntimeError):
    """Raised instead of calling the protected function while the circuit is open."""


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        failure_threshold: int = 5,
        recovery_timeout: float = 30.0,
        expected_exceptions: tuple[type[BaseException], ...] = (Exception,),
    ) -> None:
        self.name = name
        self.failure_threshold = failure_threshold
        self.recovery_timeout = recovery_timeout
        self.expected_exceptions = expected_exceptions
        self._state = State.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._lock = threading.Lock()

    @property
    def state(self) -> State:
        with self._lock:
            if self._state is State.OPEN and time.monotonic() - self._opened_at >= self.recovery_timeout:
                self._state = State.HALF_OPEN
            return self._state

    def call(self, func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        if self.state is State.OPEN:
            raise CircuitOpenError(f"circuit {self.name!r} is open")
        try:
            result = func(*args, **kwargs)
        except self.expected_exceptions:
            self._record_failure()
            raise
        self._record_success()
        return result

    def __call__(self, func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            return self.call(func, *args, **kwargs)

        return wrapper

    def _record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._state is State.HALF_OPEN or self._failures >= self.failure_threshold:
                self._state = State.OPEN
                self._opened_at = time.monotonic()
                logger.warning("circuit %s opened after %d failures", self.name, self._failures)

    def _record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._state = State.CLOSED
