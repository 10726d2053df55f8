"""index events by user and time

Revision ID: f4f85360dbef
Revises: d8e6df371368
Create Date: 2024-05-16 08:12:40.771354

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = "f4f85360dbef"
down_revision: Union[str, None] = "d8e6df371368"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_events_user_created", "events", ["user_id", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_events_user_created", table_name="events")
