"""campaigns: phone campaigns, their contacts (encrypted), attempts and the do-not-call list

Revision ID: 0004
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.db

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("script", sa.Text(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("retry_cooldown_hours", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("claim_minutes", sa.Integer(), nullable=False),
        sa.Column("show_extra_fields", sa.Boolean(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("purged_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("guild_id", "name", name="uq_campaign_name"),
    )
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_guild_id"), ["guild_id"], unique=False)

    op.create_table(
        "campaign_do_not_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("phone_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("guild_id", "phone_hash", name="uq_do_not_call"),
    )
    with op.batch_alter_table("campaign_do_not_call", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_do_not_call_guild_id"), ["guild_id"], unique=False)

    op.create_table(
        "campaign_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("phone_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("sealed", sa.Text(), nullable=True),
        sa.Column("branch", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("available_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.BigInteger(), nullable=True),
        sa.Column("claimed_until", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("callback_for", sa.BigInteger(), nullable=True),
        sa.Column("callback_until", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_outcome", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("updated_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "phone_hash", name="uq_campaign_contact_phone"),
    )
    with op.batch_alter_table("campaign_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_contact_guild_id"), ["guild_id"], unique=False)
        batch_op.create_index("ix_campaign_contact_pool", ["campaign_id", "status", "available_at"], unique=False)
        batch_op.create_index("ix_campaign_contact_callback", ["callback_for"], unique=False)
        batch_op.create_index("ix_campaign_contact_claimed_by", ["claimed_by"], unique=False)

    op.create_table(
        "campaign_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("caller_id", sa.BigInteger(), nullable=False),
        sa.Column("claimed_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("recorded_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sealed_note", sa.Text(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("callback_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["campaign_contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("campaign_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_attempt_caller_id"), ["caller_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaign_attempt_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaign_attempt_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaign_attempt_guild_id"), ["guild_id"], unique=False)


def downgrade() -> None:
    op.drop_table("campaign_attempt")
    op.drop_table("campaign_contact")
    op.drop_table("campaign_do_not_call")
    op.drop_table("campaign")
