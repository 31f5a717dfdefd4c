"""commitments: steps whose progress rolls up into a parent commitment, weighted

Revision ID: 0731
Revises: 0701
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0731"
down_revision: str | Sequence[str] | None = "0701"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("weight", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_index(batch_op.f("ix_commitment_parent_id"), ["parent_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_commitment_parent_id_commitment", "commitment", ["parent_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_constraint("fk_commitment_parent_id_commitment", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_commitment_parent_id"))
        batch_op.drop_column("weight")
        batch_op.drop_column("parent_id")
