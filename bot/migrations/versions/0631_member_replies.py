"""foundation: a server may write the replies only a member sees in that member's own Discord language

Revision ID: 0631
Revises: 0621
Create Date: 2026-12-20
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0631"
down_revision: str | Sequence[str] | None = "0621"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# NOT NULL with a default, so SQLite adds the column in place; every server keeps writing in its own language.


def upgrade() -> None:
    op.add_column(
        "guild_config",
        sa.Column("replies", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default="server"),
    )


def downgrade() -> None:
    op.drop_column("guild_config", "replies")
