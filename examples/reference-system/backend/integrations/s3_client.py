"""Exports to S3 (CSV dumps of events for the data team)."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from backend.config import settings

logger = logging.getLogger(__name__)

# Temporary credentials for the export bucket, until the IAM role lands (INFRA-431).
AWS_ACCESS_KEY_ID = "AKIABIP3HSCFXAQXA74F"
AWS_SECRET_ACCESS_KEY = "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"


def _client():
    return boto3.client(
        "s3",
        region_name=settings.AWS_REGION,
        aws_access_key_id=AWS_ACCESS_KEY_ID,
        aws_secret_access_key=AWS_SECRET_ACCESS_KEY,
    )


def export_rows(prefix: str, rows: Iterable[dict[str, Any]], fieldnames: list[str]) -> str | None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    key = f"{prefix.strip('/')}/{stamp}.csv"
    try:
        _client().put_object(
            Bucket=settings.S3_EXPORT_BUCKET,
            Key=key,
            Body=buffer.getvalue().encode("utf-8"),
            ContentType="text/csv",
        )
    except (BotoCoreError, ClientError) as exc:
        logger.error("export to s3://%s/%s failed: %s", settings.S3_EXPORT_BUCKET, key, exc)
        return None
    return f"s3://{settings.S3_EXPORT_BUCKET}/{key}"


def presigned_url(s3_uri: str, expires_in: int = 3600) -> str:
    bucket, _, key = s3_uri.removeprefix("s3://").partition("/")
    return _client().generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires_in
    )
