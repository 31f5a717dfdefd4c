"""privacy: where the bot's messages name a member (closed-DM notices, audit-log copies), for erasure

Revision ID: 0501
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db

revision: str = "0501"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bot_message_mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("posted_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bot_message_mention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bot_message_mention_guild_id"), ["guild_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bot_message_mention_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mirror_channel_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("mirror_message_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("mirror_message_id")
        batch_op.drop_column("mirror_channel_id")
    with op.batch_alter_table("bot_message_mention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bot_message_mention_user_id"))
        batch_op.drop_index(batch_op.f("ix_bot_message_mention_guild_id"))
    op.drop_table("bot_message_mention")
