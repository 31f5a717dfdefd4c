"""meetings: the organiser's reminders, a text added to them, and a sign-up deadline

Revision ID: 0712
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.db

revision: str = "0712"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The columns are nullable, so SQLite adds and drops them in place (never by rebuilding meeting, whose answers
# and attendance reference it with ON DELETE CASCADE).


def upgrade() -> None:
    op.add_column("meeting", sa.Column("reminder_leads", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
    op.add_column("meeting", sa.Column("reminder_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
    op.add_column("meeting", sa.Column("deadline_at", bot.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("meeting", "deadline_at")
    op.drop_column("meeting", "reminder_note")
    op.drop_column("meeting", "reminder_leads")
