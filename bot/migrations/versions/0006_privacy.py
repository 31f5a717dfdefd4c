"""privacy: per-server privacy settings and departed members awaiting erasure

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.db

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "privacy_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("grace_days", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id"),
    )
    op.create_table(
        "departure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("left_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("departure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_departure_guild_id"), ["guild_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_departure_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("departure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_departure_user_id"))
        batch_op.drop_index(batch_op.f("ix_departure_guild_id"))
    op.drop_table("departure")
    op.drop_table("privacy_settings")
