"""commitments: a plan's live board (its messages, kept edited in place) and postponements as updates

Revision ID: 0711
Revises: 0701
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.db

revision: str = "0711"
down_revision: str | Sequence[str] | None = "0701"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "commitment_board",
        sa.Column("plan_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("shown_version", sa.Integer(), nullable=False),
        sa.Column("changed_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("edited_at", bot.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("checked_at", bot.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["commitment_plan.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("plan_id"),
    )
    op.create_index(op.f("ix_commitment_board_guild_id"), "commitment_board", ["guild_id"], unique=False)
    op.create_table(
        "commitment_board_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("shown", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["commitment_board.plan_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_commitment_board_message_guild_id"), "commitment_board_message", ["guild_id"], unique=False
    )
    op.create_index(op.f("ix_commitment_board_message_plan_id"), "commitment_board_message", ["plan_id"], unique=False)
    with op.batch_alter_table("commitment_update", schema=None) as batch_op:
        batch_op.add_column(sa.Column("old_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("new_due", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("commitment_update", schema=None) as batch_op:
        batch_op.drop_column("new_due")
        batch_op.drop_column("old_due")
    op.drop_index(op.f("ix_commitment_board_message_plan_id"), table_name="commitment_board_message")
    op.drop_index(op.f("ix_commitment_board_message_guild_id"), table_name="commitment_board_message")
    op.drop_table("commitment_board_message")
    op.drop_index(op.f("ix_commitment_board_guild_id"), table_name="commitment_board")
    op.drop_table("commitment_board")
