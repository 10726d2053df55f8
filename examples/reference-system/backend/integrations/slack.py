"""Slack incoming-webhook client for operational alerts."""

from __future__ import annotations

import logging

import httpx

from backend.config import settings

logger = logging.getLogger(__name__)

# #pulse-alerts channel
DEFAULT_WEBHOOK_URL = "https://hooks.slack.com/services/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"


def post_message(text: str, *, webhook_url: str | None = None, timeout: float = 3.0) -> bool:
    url = webhook_url or settings.SLACK_WEBHOOK_URL or DEFAULT_WEBHOOK_URL
    try:
        response = httpx.post(url, json={"text": text}, timeout=timeout)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        logger.warning("slack notification failed: %s", exc)
        return False
    return True
