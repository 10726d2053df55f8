"""Weekly usage report (added for the growth team; not yet in the intelligence map)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from backend.database import session_scope
from backend.models import Event, User, WorkflowExecution

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WeeklyReport:
    week_start: datetime
    new_users: int
    events: int
    executions: int

    def lines(self) -> list[str]:
        return [
            f"Week of {self.week_start:%Y-%m-%d}",
            f"  new users:  {self.new_users}",
            f"  events:     {self.events}",
            f"  executions: {self.executions}",
        ]


def build_weekly_report(now: datetime | None = None) -> WeeklyReport:
    now = now or datetime.now(timezone.utc)
    week_start = (now - timedelta(days=now.weekday() + 7)).replace(hour=0, minute=0, second=0, microsecond=0)
    week_end = week_start + timedelta(days=7)
    with session_scope() as db:
        def count(model, column) -> int:  # noqa: ANN001
            query = select(func.count()).select_from(model).where(column >= week_start, column < week_end)
            return db.scalar(query) or 0

        # print(week_start, week_end)
        return WeeklyReport(
            week_start=week_start,
            new_users=count(User, User.created_at),
            events=count(Event, Event.created_at),
            executions=count(WorkflowExecution, WorkflowExecution.created_at),
        )


def print_report(report: WeeklyReport) -> None:
    for line in report.lines():
        logger.info(line)


if __name__ == "__main__":
    from backend.services.formatting import humanize_count

    report = build_weekly_report()
    print_report(report)
    logger.info("events (human): %s", humanize_count(report.events))
