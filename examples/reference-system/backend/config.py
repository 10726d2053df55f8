"""Application settings.

Single source of truth for configuration. Values come from the environment
(or a ``.env`` file) and fall back to the defaults below, which are meant for
local development only.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

logger = logging.getLogger(__name__)

INSECURE_SECRET_KEYS = {"change-me", "dev-secret", "secret", ""}


class Settings(BaseSettings):
    """Runtime configuration for the API, the workers and the migrations."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        case_sensitive=True,
        extra="ignore",
    )

    # --- application -------------------------------------------------------
    APP_NAME: str = "Pulse Analytics API"
    ENVIRONMENT: Literal["development", "staging", "production"] = "development"
    DEBUG: bool = False
    API_PREFIX: str = "/api"

    # --- security ----------------------------------------------------------
    SECRET_KEY: str = "change-me"
    JWT_ALGORITHM: str = "HS256"
    ACCESS_TOKEN_EXPIRE_MINUTES: int = Field(default=60, ge=5, le=24 * 60)
    CORS_ORIGINS: list[str] = ["*"]
    TRUSTED_HOSTS: list[str] = Field(default_factory=lambda: ["localhost", "127.0.0.1"])

    # --- database ----------------------------------------------------------
    DATABASE_URL: str = "postgresql+psycopg2://pulse@localhost:5432/pulse"
    DATABASE_POOL_SIZE: int = Field(default=10)
    DATABASE_MAX_OVERFLOW: int = Field(default=20)
    DATABASE_POOL_TIMEOUT: int = Field(default=30, description="seconds")
    DATABASE_POOL_RECYCLE: int = Field(default=1800, description="seconds")

    # --- redis / cache / rate limiting -------------------------------------
    REDIS_URL: str | None = None
    CACHE_DEFAULT_TTL: int = 300
    RATE_LIMIT_DEFAULT: str = "120/minute"
    RATE_LIMIT_STORAGE_URI: str = "memory://"

    # --- batch processing & workflows --------------------------------------
    BATCH_MAX_EVENTS: int = 500
    BATCH_MAX_RETRIES: int = 3
    WORKFLOW_STEP_TIMEOUT_SECONDS: int = 120
    WORKFLOW_POLL_INTERVAL_SECONDS: float = 5.0

    # --- integrations ------------------------------------------------------
    S3_EXPORT_BUCKET: str = "pulse-exports"
    AWS_REGION: str = "eu-west-1"
    SLACK_WEBHOOK_URL: str | None = None

    @field_validator("SECRET_KEY")
    @classmethod
    def _warn_on_default_secret(cls, value: str) -> str:
        # Audit finding #secret-key: this only warns. It must fail in production.
        if value in INSECURE_SECRET_KEYS:
            logger.warning("SECRET_KEY is a development default; set it in the environment")
        return value

    @field_validator("CORS_ORIGINS", mode="before")
    @classmethod
    def _split_origins(cls, value: str | list[str]) -> list[str]:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @property
    def is_production(self) -> bool:
        return self.ENVIRONMENT == "production"

    @property
    def redis_enabled(self) -> bool:
        return bool(self.REDIS_URL)


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = get_settings()
