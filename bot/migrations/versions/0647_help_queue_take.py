"""campaigns: who took a held contact from the help queue, and the organisers' channel message that counts them

Revision ID: 0647
Revises: 0401
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db

revision: str = "0647"
down_revision: str | Sequence[str] | None = "0401"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The columns are nullable, so SQLite adds and drops them in place (never by rebuilding campaign_contact, whose
# attempts reference it with ON DELETE CASCADE).


def upgrade() -> None:
    op.add_column("campaign_contact", sa.Column("taken_by", sa.BigInteger(), nullable=True))
    op.add_column("campaign_contact", sa.Column("taken_at", bot.db.UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        "campaign_help_notice",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id"),
    )


def downgrade() -> None:
    op.drop_table("campaign_help_notice")
    op.drop_column("campaign_contact", "taken_at")
    op.drop_column("campaign_contact", "taken_by")
