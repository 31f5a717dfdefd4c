"""foundation: channels and roles bound to purposes in one table instead of a column per purpose

Revision ID: 0621
Revises: 0301
Create Date: 2026-12-14
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0621"
down_revision: str | Sequence[str] | None = "0301"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The purposes that had a column of their own in guild_config, as the columns were named: what there is to move.
# Written out, not read from the code, so that this migration stays what it was when purposes are added.
COLUMNS = {
    ("channel", "announcements"): "announcements_channel_id",
    ("channel", "organisers"): "organisers_channel_id",
    ("channel", "women-nonbinary"): "women_nonbinary_channel_id",
    ("channel", "men"): "men_channel_id",
    ("channel", "audit-log"): "audit_log_channel_id",
    ("role", "moderator"): "moderator_role_id",
    ("role", "organiser"): "organiser_role_id",
    ("role", "caller"): "caller_role_id",
    ("role", "women-nonbinary"): "women_nonbinary_role_id",
    ("role", "men"): "men_role_id",
}


FOREIGN_KEY = "fk_guild_binding_guild_id_guild_config"


def upgrade() -> None:
    # The foreign key comes last: on SQLite, dropping the columns rebuilds guild_config, and dropping a table that
    # bindings already referenced with ON DELETE CASCADE would delete them.
    op.create_table(
        "guild_binding",
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("discord_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "kind", "purpose"),
    )
    for (kind, purpose), column in COLUMNS.items():
        op.execute(
            sa.text(
                "INSERT INTO guild_binding (guild_id, kind, purpose, discord_id)"
                f" SELECT guild_id, :kind, :purpose, {column} FROM guild_config WHERE {column} IS NOT NULL"
            ).bindparams(kind=kind, purpose=purpose)
        )
    with op.batch_alter_table("guild_config", schema=None) as batch_op:
        for column in COLUMNS.values():
            batch_op.drop_column(column)
    with op.batch_alter_table("guild_binding", schema=None) as batch_op:
        batch_op.create_foreign_key(FOREIGN_KEY, "guild_config", ["guild_id"], ["guild_id"], ondelete="CASCADE")


def downgrade() -> None:
    """Back to a column per purpose. A binding for a purpose that had no column (one added since) is lost."""
    with op.batch_alter_table("guild_binding", schema=None) as batch_op:
        batch_op.drop_constraint(FOREIGN_KEY, type_="foreignkey")
    with op.batch_alter_table("guild_config", schema=None) as batch_op:
        for column in COLUMNS.values():
            batch_op.add_column(sa.Column(column, sa.BigInteger(), nullable=True))
    for (kind, purpose), column in COLUMNS.items():
        op.execute(
            sa.text(
                f"UPDATE guild_config SET {column} = (SELECT discord_id FROM guild_binding"
                " WHERE guild_binding.guild_id = guild_config.guild_id"
                " AND guild_binding.kind = :kind AND guild_binding.purpose = :purpose)"
            ).bindparams(kind=kind, purpose=purpose)
        )
    op.drop_table("guild_binding")
