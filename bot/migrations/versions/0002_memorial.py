"""memorial: memorial days, branch registrations ("Vi ordnar något"), posted reminders

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.db

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "memorial_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("rule_kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("nth", sa.Integer(), nullable=True),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("text_en", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
        sa.Column("image_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("post_hour", sa.Integer(), nullable=False),
        sa.Column("post_minute", sa.Integer(), nullable=False),
        sa.Column("lead_days", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("seed_key", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("guild_id", "seed_key", name="uq_memorial_day_seed"),
    )
    with op.batch_alter_table("memorial_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memorial_day_guild_id"), ["guild_id"], unique=False)

    op.create_table(
        "memorial_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("day_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("organiser_id", sa.BigInteger(), nullable=False),
        sa.Column("branch", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("what", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["day_id"], ["memorial_day.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("memorial_registration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memorial_registration_day_id"), ["day_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_memorial_registration_guild_id"), ["guild_id"], unique=False)

    op.create_table(
        "memorial_reminder_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("day_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("lead", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["day_id"], ["memorial_day.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("memorial_reminder_post", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memorial_reminder_post_day_id"), ["day_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_memorial_reminder_post_guild_id"), ["guild_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("memorial_reminder_post", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memorial_reminder_post_guild_id"))
        batch_op.drop_index(batch_op.f("ix_memorial_reminder_post_day_id"))
    op.drop_table("memorial_reminder_post")

    with op.batch_alter_table("memorial_registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memorial_registration_guild_id"))
        batch_op.drop_index(batch_op.f("ix_memorial_registration_day_id"))
    op.drop_table("memorial_registration")

    with op.batch_alter_table("memorial_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memorial_day_guild_id"))
    op.drop_table("memorial_day")
