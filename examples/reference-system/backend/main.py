"""Pulse Analytics API.

The FastAPI application: middleware, authentication, event ingestion, pattern
detection, workflows, dashboards, exports, health checks and the live event
WebSocket. Everything started here; routers are being split out into
``backend/routes/`` one domain at a time (ADR 0003).

Run locally with ``uvicorn backend.main:app --reload``.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import Counter, defaultdict
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from fastapi import (
    BackgroundTasks,
    Depends,
    FastAPI,
    HTTPException,
    Query,
    Request,
    Response,
    WebSocket,
    WebSocketDisconnect,
    status,
)
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator
from slowapi import _rate_limit_exceeded_handler
from slowapi.errors import RateLimitExceeded
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.middleware.base import BaseHTTPMiddleware

from backend import __version__
from backend.batch_processor import BatchResult
from backend.cache import cache
from backend.config import settings
from backend.database import engine, get_db, ping, pool_status
from backend.integrations.s3_client import export_rows, presigned_url
from backend.models import (
    Event,
    ExecutionStatus,
    Pattern,
    User,
    Workflow,
    WorkflowExecution,
    WorkflowStatus,
    WorkflowStep,
)
from backend.rate_limit import AUTH_LIMIT, BATCH_LIMIT, INGEST_LIMIT, limiter
from backend.routes import events as event_routes
from backend.routes import users
from backend.security import get_current_user, require_admin
from backend.services.event_service import EventService
from backend.services.user_service import RegistrationError, UserService
from backend.workflow_scheduler import scheduler

logger = logging.getLogger("pulse.api")
logging.basicConfig(level=logging.DEBUG if settings.DEBUG else logging.INFO)

STARTED_AT = time.monotonic()
MAX_PAGE_SIZE = 200
PATTERN_WINDOW_HOURS = 24


# ---------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------


class UserRegister(BaseModel):
    email: EmailStr
    password: str = Field(min_length=12, max_length=128)
    full_name: str | None = Field(default=None, max_length=200)


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class RegisterResponse(BaseModel):
    id: int
    email: EmailStr
    access_token: str
    token_type: Literal["bearer"] = "bearer"


class EventIn(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    source: str = Field(default="web", max_length=60)
    properties: dict[str, Any] = Field(default_factory=dict)
    value: float | None = None

    @field_validator("name")
    @classmethod
    def _normalize_name(cls, value: str) -> str:
        return value.strip().lower()


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    source: str
    properties: dict[str, Any]
    value: float | None
    user_id: int | None
    created_at: datetime


class EventBatchIn(BaseModel):
    events: list[EventIn] = Field(min_length=1)


class BatchOut(BaseModel):
    accepted: int
    rejected: int
    failed_chunks: int
    errors: list[str]


class PatternIn(BaseModel):
    name: str = Field(min_length=3, max_length=120)
    description: str | None = None
    sequence: list[str] = Field(min_length=2, max_length=10)
    window_minutes: int = Field(default=30, ge=1, le=24 * 60)
    threshold: float = Field(default=0.8, ge=0.0, le=1.0)


class PatternOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    slug: str
    description: str | None
    definition: dict[str, Any]
    threshold: float


class PatternMatch(BaseModel):
    pattern_id: int
    user_id: int | None
    matched_at: datetime
    score: float


class WorkflowStepIn(BaseModel):
    action: Literal["noop", "delay", "tag"]
    config: dict[str, Any] = Field(default_factory=dict)
    timeout_seconds: int | None = Field(default=None, ge=1, le=3600)


class WorkflowIn(BaseModel):
    name: str = Field(min_length=3, max_length=120)
    trigger: dict[str, Any] = Field(default_factory=dict)
    steps: list[WorkflowStepIn] = Field(min_length=1, max_length=50)


class WorkflowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    status: WorkflowStatus
    trigger: dict[str, Any]
    created_at: datetime


class ExecutionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    workflow_id: int
    status: ExecutionStatus
    current_step: int
    error: str | None
    created_at: datetime
    finished_at: datetime | None


class ExportOut(BaseModel):
    location: str
    download_url: str
    rows: int


# ---------------------------------------------------------------------------
# WebSocket connection manager
# ---------------------------------------------------------------------------


class ConnectionManager:
    """Keeps the live dashboard sockets of this process.

    Connections are per instance: with several replicas a client only sees the
    events ingested by the replica it is connected to (evolution: Redis pub/sub).
    """

    def __init__(self) -> None:
        self.active: dict[str, WebSocket] = {}
        self.subscriptions: defaultdict[str, set[str]] = defaultdict(set)
        self._lock = asyncio.Lock()

    async def connect(self, websocket: WebSocket, topics: list[str]) -> str:
        await websocket.accept()
        connection_id = uuid.uuid4().hex
        async with self._lock:
            self.active[connection_id] = websocket
            for topic in topics or ["*"]:
                self.subscriptions[topic].add(connection_id)
        return connection_id

    async def disconnect(self, connection_id: str) -> None:
        async with self._lock:
            self.active.pop(connection_id, None)
            for members in self.subscriptions.values():
                members.discard(connection_id)

    async def broadcast(self, topic: str, message: dict[str, Any]) -> int:
        targets = self.subscriptions.get(topic, set()) | self.subscriptions.get("*", set())
        sent = 0
        for connection_id in list(targets):
            websocket = self.active.get(connection_id)
            if websocket is None:
                continue
            try:
                await websocket.send_json(message)
                sent += 1
            except RuntimeError:
                await self.disconnect(connection_id)
        return sent


manager = ConnectionManager()


# ---------------------------------------------------------------------------
# Application and middleware
# ---------------------------------------------------------------------------


@asynccontextmanager
async def lifespan(app: FastAPI):
    logger.info("starting %s %s (%s)", settings.APP_NAME, __version__, settings.ENVIRONMENT)
    if not ping():
        logger.error("database not reachable at startup; readiness will report it")
    logger.info("cache backend: %s", cache.backend_name)
    yield
    logger.info("shutting down: %d live sockets", len(manager.active))
    for connection_id in list(manager.active):
        await manager.disconnect(connection_id)
    engine.dispose()


app = FastAPI(
    title=settings.APP_NAME,
    version=__version__,
    docs_url="/docs" if not settings.is_production else None,
    lifespan=lifespan,
)

app.state.limiter = limiter
app.add_exception_handler(RateLimitExceeded, _rate_limit_exceeded_handler)

app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)
app.add_middleware(GZipMiddleware, minimum_size=1024)


class SecurityHeadersMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if settings.is_production:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


class RequestContextMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        request.state.request_id = request_id
        started = time.perf_counter()
        response = await call_next(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response.headers["X-Request-ID"] = request_id
        response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        if elapsed_ms > 500:
            logger.warning("slow request %s %s %.0fms", request.method, request.url.path, elapsed_ms)
        return response


app.add_middleware(SecurityHeadersMiddleware)
app.add_middleware(RequestContextMiddleware)


@app.exception_handler(SQLAlchemyError)
async def database_error_handler(request: Request, exc: SQLAlchemyError) -> JSONResponse:
    logger.exception("database error on %s %s", request.method, request.url.path)
    return JSONResponse(
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        content={"detail": "Database unavailable", "request_id": getattr(request.state, "request_id", None)},
    )


@app.exception_handler(RegistrationError)
async def registration_error_handler(request: Request, exc: RegistrationError) -> JSONResponse:
    return JSONResponse(status_code=status.HTTP_400_BAD_REQUEST, content={"detail": str(exc)})


# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------


@app.post("/api/auth/register", response_model=RegisterResponse, status_code=status.HTTP_201_CREATED)
@limiter.limit(AUTH_LIMIT)
def register(request: Request, payload: UserRegister, db: Session = Depends(get_db)) -> RegisterResponse:
    service = UserService(db)
    user = service.register(payload.email, payload.password, payload.full_name)
    return RegisterResponse(id=user.id, email=user.email, access_token=service.issue_token(user))


@app.post("/api/auth/login", response_model=TokenResponse)
@limiter.limit(AUTH_LIMIT)
def login(
    request: Request,
    form: OAuth2PasswordRequestForm = Depends(),
    db: Session = Depends(get_db),
) -> TokenResponse:
    service = UserService(db)
    user = service.authenticate(form.username, form.password)
    if user is None:
        logger.info("failed login for %s from %s", form.username, request.client.host if request.client else "?")
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect email or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return TokenResponse(
        access_token=service.issue_token(user),
        expires_in=settings.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
    )


@app.post("/api/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(user: User = Depends(get_current_user)) -> Response:
    # Tokens are stateless; the client drops its copy. A deny-list is planned.
    logger.info("user %s logged out", user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------


@app.get("/api/events", response_model=list[EventOut])
def list_events(
    name: str | None = Query(default=None, max_length=120),
    since: datetime | None = None,
    limit: int = Query(default=50, ge=1, le=MAX_PAGE_SIZE),
    offset: int = Query(default=0, ge=0),
    mine: bool = False,
    user: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> list[Event]:
    return event_routes.list_events(
        db,
        user_id=user.id if mine else None,
        name=name,
        since=since,
        limit=limit,
        offset=offset,
    )


@app.post("/api/events", response_model=EventOut, status_code=status.HTTP_201_CREATED)
@limiter.limit(INGEST_LIMIT)
async def create_event(
    request: Request,
    payload: EventIn,
    background: BackgroundTasks,
    user: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> Event:
    event = event_routes.create_event(db, user, payload.model_dump())
    background.add_task(
        manager.broadcast,
        event.name,
        {"type": "event", "id": event.id, "name": event.name, "at": event.created_at.isoformat()},
    )
    return event


@app.post("/api/events/batch", response_model=BatchOut, status_code=status.HTTP_202_ACCEPTED)
@limiter.limit(BATCH_LIMIT)
def create_events_batch(
    request: Request,
    payload: EventBatchIn,
    user: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> BatchOut:
    print(f"batch from user={user.id}: {len(payload.events)} events")
    result: BatchResult = event_routes.create_batch(db, user, [item.model_dump() for item in payload.events])
    if result.failed_chunks:
        logger.error("batch from user %s lost %d chunks", user.id, result.failed_chunks)
    return BatchOut(
        accepted=result.accepted,
        rejected=result.rejected,
        failed_chunks=result.failed_chunks,
        errors=result.errors[:20],
    )


@app.get("/api/events/stats")
def event_stats(
    hours: int = Query(default=24, ge=1, le=24 * 30),
    _: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> dict[str, Any]:
    counts = EventService(db).stats(hours=hours)
    return {
        "window_hours": hours,
        "total": sum(counts.values()),
        "by_name": dict(sorted(counts.items(), key=lambda item: item[1], reverse=True)),
    }


@app.get("/api/events/{event_id}", response_model=EventOut)
def get_event(event_id: str, _: User = Depends(get_current_user), db: Session = Depends(get_db)) -> Event:
    return event_routes.get_event_or_404(db, event_id)


@app.delete("/api/events/{event_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_event(event_id: str, _: User = Depends(require_admin), db: Session = Depends(get_db)) -> Response:
    event = event_routes.get_event_or_404(db, event_id)
    db.delete(event)
    db.commit()
    cache.invalidate("events:stats:24h")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------


@app.get("/api/patterns", response_model=list[PatternOut])
def list_patterns(_: User = Depends(get_current_user), db: Session = Depends(get_db)) -> list[Pattern]:
    cached = cache.get_json("patterns:all")
    if cached is not None:
        return cached
    patterns = list(db.scalars(select(Pattern).order_by(Pattern.name)))
    cache.set_json("patterns:all", [PatternOut.model_validate(p).model_dump() for p in patterns])
    return patterns


@app.post("/api/patterns", response_model=PatternOut, status_code=status.HTTP_201_CREATED)
def create_pattern(payload: PatternIn, _: User = Depends(require_admin), db: Session = Depends(get_db)) -> Pattern:
    pattern = Pattern(
        name=payload.name,
        description=payload.description,
        definition={"sequence": payload.sequence, "window_minutes": payload.window_minutes},
        threshold=payload.threshold,
    )
    pattern.assign_slug()
    db.add(pattern)
    db.commit()
    cache.invalidate("patterns:all")
    return pattern


def _detect_sequence(
    events: list[Event], sequence: list[str], window: timedelta
) -> list[tuple[int | None, datetime, float]]:
    """Find users whose events contain ``sequence`` in order within ``window``."""
    by_user: defaultdict[int | None, list[Event]] = defaultdict(list)
    for event in events:
        by_user[event.user_id].append(event)
    matches: list[tuple[int | None, datetime, float]] = []
    for user_id, user_events in by_user.items():
        user_events.sort(key=lambda e: e.created_at)
        position = 0
        started_at: datetime | None = None
        for event in user_events:
            if event.name != sequence[position]:
                continue
            if position == 0:
                started_at = event.created_at
            elif started_at is not None and event.created_at - started_at > window:
                position, started_at = 0, None
                continue
            position += 1
            if position == len(sequence):
                matches.append((user_id, event.created_at, 1.0))
                position, started_at = 0, None
    return matches


@app.post("/api/patterns/{pattern_id}/detect", response_model=list[PatternMatch])
def detect_pattern(
    pattern_id: int,
    hours: int = Query(default=PATTERN_WINDOW_HOURS, ge=1, le=24 * 7),
    _: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> list[PatternMatch]:
    pattern = db.get(Pattern, pattern_id)
    if pattern is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Pattern not found")
    sequence: list[str] = pattern.definition.get("sequence", [])
    window = timedelta(minutes=int(pattern.definition.get("window_minutes", 30)))
    since = datetime.now(timezone.utc) - timedelta(hours=hours)
    events = list(db.scalars(select(Event).where(Event.created_at >= since, Event.name.in_(sequence))))
    return [
        PatternMatch(pattern_id=pattern.id, user_id=user_id, matched_at=matched_at, score=score)
        for user_id, matched_at, score in _detect_sequence(events, sequence, window)
        if score >= pattern.threshold
    ]


# ---------------------------------------------------------------------------
# Workflows
# ---------------------------------------------------------------------------


def _get_owned_workflow(db: Session, workflow_id: int, user: User) -> Workflow:
    workflow = db.get(Workflow, workflow_id)
    if workflow is None or (workflow.owner_id != user.id and user.role.value != "admin"):
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Workflow not found")
    return workflow


@app.get("/api/workflows", response_model=list[WorkflowOut])
def list_workflows(user: User = Depends(get_current_user), db: Session = Depends(get_db)) -> list[Workflow]:
    return list(db.scalars(select(Workflow).where(Workflow.owner_id == user.id).order_by(Workflow.created_at.desc())))


@app.post("/api/workflows", response_model=WorkflowOut, status_code=status.HTTP_201_CREATED)
def create_workflow(payload: WorkflowIn, user: User = Depends(get_current_user), db: Session = Depends(get_db)) -> Workflow:
    workflow = Workflow(owner_id=user.id, name=payload.name, trigger=payload.trigger, status=WorkflowStatus.active)
    workflow.steps = [
        WorkflowStep(position=index, action=step.action, config=step.config, timeout_seconds=step.timeout_seconds)
        for index, step in enumerate(payload.steps)
    ]
    db.add(workflow)
    db.commit()
    return workflow


@app.get("/api/workflows/{workflow_id}", response_model=WorkflowOut)
def get_workflow(workflow_id: int, user: User = Depends(get_current_user), db: Session = Depends(get_db)) -> Workflow:
    return _get_owned_workflow(db, workflow_id, user)


@app.patch("/api/workflows/{workflow_id}/status", response_model=WorkflowOut)
def set_workflow_status(
    workflow_id: int,
    new_status: WorkflowStatus,
    user: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> Workflow:
    workflow = _get_owned_workflow(db, workflow_id, user)
    workflow.status = new_status
    db.commit()
    return workflow


@app.post(
    "/api/workflows/{workflow_id}/execute",
    response_model=ExecutionOut,
    status_code=status.HTTP_202_ACCEPTED,
)
def execute_workflow(workflow_id: int, user: User = Depends(get_current_user), db: Session = Depends(get_db)) -> WorkflowExecution:
    workflow = _get_owned_workflow(db, workflow_id, user)
    if workflow.status is not WorkflowStatus.active:
        raise HTTPException(status_code=status.HTTP_409_CONFLICT, detail=f"Workflow is {workflow.status.value}")
    running = db.scalar(
        select(func.count())
        .select_from(WorkflowExecution)
        .where(WorkflowExecution.workflow_id == workflow.id, WorkflowExecution.status == ExecutionStatus.running)
    )
    if running:
        raise HTTPException(status_code=status.HTTP_409_CONFLICT, detail="Workflow is already running")
    execution_id = scheduler.enqueue(workflow.id)
    execution = db.get(WorkflowExecution, execution_id)
    if execution is None:
        raise HTTPException(status_code=status.HTTP_500_INTERNAL_SERVER_ERROR, detail="Execution not recorded")
    return execution


@app.get("/api/workflows/{workflow_id}/executions", response_model=list[ExecutionOut])
def list_executions(
    workflow_id: int,
    limit: int = Query(default=20, ge=1, le=100),
    user: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> list[WorkflowExecution]:
    workflow = _get_owned_workflow(db, workflow_id, user)
    query = (
        select(WorkflowExecution)
        .where(WorkflowExecution.workflow_id == workflow.id)
        .order_by(WorkflowExecution.created_at.desc())
        .limit(limit)
    )
    return list(db.scalars(query))


# ---------------------------------------------------------------------------
# Dashboard and exports
# ---------------------------------------------------------------------------


@app.get("/api/dashboard/summary")
def dashboard_summary(user: User = Depends(get_current_user), db: Session = Depends(get_db)) -> dict[str, Any]:
    key = f"dashboard:{user.id}"
    cached = cache.get_json(key)
    if cached is not None:
        return cached
    since = datetime.now(timezone.utc) - timedelta(days=7)
    recent = list(db.scalars(select(Event.name).where(Event.created_at >= since).limit(10_000)))
    top = Counter(recent).most_common(5)
    executions = db.scalar(
        select(func.count()).select_from(WorkflowExecution).where(WorkflowExecution.created_at >= since)
    )
    summary = {
        "events_7d": len(recent),
        "top_events": [{"name": name, "count": count} for name, count in top],
        "executions_7d": executions or 0,
        "active_workflows": db.scalar(
            select(func.count()).select_from(Workflow).where(Workflow.status == WorkflowStatus.active)
        )
        or 0,
    }
    cache.set_json(key, summary, ttl=120)
    return summary


@app.get("/api/dashboard/timeseries")
def dashboard_timeseries(
    name: str,
    days: int = Query(default=14, ge=1, le=90),
    _: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> list[dict[str, Any]]:
    since = datetime.now(timezone.utc) - timedelta(days=days)
    day = func.date_trunc("day", Event.created_at)
    rows = db.execute(
        select(day.label("day"), func.count().label("count"))
        .where(Event.name == name, Event.created_at >= since)
        .group_by(day)
        .order_by(day)
    )
    return [{"day": row.day.date().isoformat(), "count": row.count} for row in rows]


@app.post("/api/exports/events", response_model=ExportOut)
def export_events(
    days: int = Query(default=7, ge=1, le=31),
    _: User = Depends(require_admin),
    db: Session = Depends(get_db),
) -> ExportOut:
    since = datetime.now(timezone.utc) - timedelta(days=days)
    events = list(db.scalars(select(Event).where(Event.created_at >= since)))
    rows = [
        {"id": e.id, "name": e.name, "user_id": e.user_id, "source": e.source, "created_at": e.created_at}
        for e in events
    ]
    location = export_rows("events", rows, ["id", "name", "user_id", "source", "created_at"])
    if location is None:
        raise HTTPException(status_code=status.HTTP_502_BAD_GATEWAY, detail="Export failed")
    return ExportOut(location=location, download_url=presigned_url(location), rows=len(rows))


# ---------------------------------------------------------------------------
# Health
# ---------------------------------------------------------------------------


@app.get("/health")
def health() -> dict[str, Any]:
    """Cheap check for the load balancer: the process is up and serving."""
    return {
        "status": "ok",
        "version": __version__,
        "uptime_seconds": round(time.monotonic() - STARTED_AT, 1),
    }


@app.get("/health/readiness")
def readiness(response: Response) -> dict[str, Any]:
    """Ready to take traffic: database reachable, pool not saturated, cache answering."""
    database_ok = ping()
    pool = pool_status()
    cache_ok = cache.healthy()
    ready = database_ok and pool["utilization"] < 0.9
    if not ready:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return {
        "status": "ready" if ready else "degraded",
        "database": {"reachable": database_ok, "pool": pool},
        "cache": {"backend": cache.backend_name, "healthy": cache_ok, "hit_rate": cache.hit_rate},
        "workflows": {"running": scheduler.active_count()},
        "websockets": {"connections": len(manager.active)},
    }


# Kubernetes also expects /health/liveness; ops asked for it in the audit.


# ---------------------------------------------------------------------------
# Live events
# ---------------------------------------------------------------------------


@app.websocket("/ws/events")
async def events_socket(websocket: WebSocket, topics: str = "") -> None:
    connection_id = await manager.connect(websocket, [t for t in topics.split(",") if t])
    try:
        while True:
            message = await websocket.receive_json()
            if message.get("type") == "ping":
                await websocket.send_json({"type": "pong", "at": datetime.now(timezone.utc).isoformat()})
    except WebSocketDisconnect:
        await manager.disconnect(connection_id)


# ---------------------------------------------------------------------------
# Routers split out of this file
# ---------------------------------------------------------------------------

app.include_router(users.router, prefix="/api")


if __name__ == "__main__":
    import uvicorn

    uvicorn.run("backend.main:app", host="0.0.0.0", port=8000, reload=settings.DEBUG)
