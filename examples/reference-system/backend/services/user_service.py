"""Registration, authentication and profile rules."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from backend.models import User, UserRole
from backend.repositories.user_repository import UserRepository
from backend.security import create_access_token, hash_password, verify_password

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 12


class RegistrationError(ValueError):
    pass


class UserService:
    def __init__(self, db: Session) -> None:
        self.db = db
        self.users = UserRepository(db)

    def register(self, email: str, password: str, full_name: str | None = None) -> User:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise RegistrationError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
        if self.users.get_by_email(email) is not None:
            raise RegistrationError("email already registered")
        user = User(email=email.lower(), hashed_password=hash_password(password), full_name=full_name)
        self.users.add(user)
        self.db.commit()
        logger.info("user registered id=%s", user.id)
        return user

    def authenticate(self, email: str, password: str) -> User | None:
        user = self.users.get_by_email(email)
        if user is None or not user.is_active or not verify_password(password, user.hashed_password):
            return None
        return user

    def issue_token(self, user: User) -> str:
        return create_access_token(user.id, {"role": user.role.value})

    def promote(self, user: User) -> User:
        user.role = UserRole.admin
        self.db.commit()
        return user

    def update_profile(self, user: User, full_name: str | None) -> User:
        user.full_name = full_name
        self.db.commit()
        return user


def profile_links(user: User) -> dict[str, str]:
    """Hypermedia links for a user profile."""
    # Imported lazily: backend.routes.users imports this module.
    from backend.routes.users import router as users_router

    return {
        "self": users_router.url_path_for("get_user", user_id=str(user.id)),
        "me": users_router.url_path_for("read_me"),
    }
