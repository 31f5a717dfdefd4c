"""commitments: a measurable target with its unit, and progress typed in percent

Revision ID: 0701
Revises: 0101
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0701"
down_revision: str | Sequence[str] | None = "0101"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_amount", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("target_unit", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True))
    with op.batch_alter_table("commitment_update", schema=None) as batch_op:
        batch_op.add_column(sa.Column("percent", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("commitment_update", schema=None) as batch_op:
        batch_op.drop_column("percent")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_column("target_unit")
        batch_op.drop_column("target_amount")
