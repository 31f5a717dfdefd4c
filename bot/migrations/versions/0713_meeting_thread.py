"""meetings: the thread each announcement opens

Revision ID: 0713
Revises: 0712
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0713"
down_revision: str | Sequence[str] | None = "0712"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Nullable, so SQLite adds and drops it in place (never by rebuilding meeting).


def upgrade() -> None:
    op.add_column("meeting", sa.Column("thread_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("meeting", "thread_id")
