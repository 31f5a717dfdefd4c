"""memorial: a seeded day's words in other languages in one column instead of a column per language

Revision ID: 0622
Revises: 0002
Create Date: 2026-12-14
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0622"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

memorial_day = sa.table(
    "memorial_day",
    sa.column("id", sa.Integer()),
    sa.column("name_en", sa.String()),
    sa.column("text_en", sa.String()),
    sa.column("translations", sa.JSON()),
)


# Columns are added and dropped in place (SQLite does both since 3.35), never by rebuilding the table: dropping
# memorial_day to rebuild it would delete every registration and reminder post that references it (ON DELETE
# CASCADE). So the new column is NOT NULL with a default, which SQLite can add in place.


def upgrade() -> None:
    op.add_column("memorial_day", sa.Column("translations", sa.JSON(), nullable=False, server_default="{}"))
    connection = op.get_bind()
    rows = connection.execute(sa.select(memorial_day.c.id, memorial_day.c.name_en, memorial_day.c.text_en)).all()
    for day_id, name, text in rows:
        english = {key: value for key, value in (("name", name), ("text", text)) if value is not None}
        if english:
            connection.execute(
                memorial_day.update().where(memorial_day.c.id == day_id).values(translations={"en": english})
            )
    op.drop_column("memorial_day", "text_en")
    op.drop_column("memorial_day", "name_en")


def downgrade() -> None:
    """Back to English columns; a day's words in other languages than English are lost."""
    op.add_column("memorial_day", sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
    op.add_column("memorial_day", sa.Column("text_en", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True))
    connection = op.get_bind()
    for day_id, translations in connection.execute(sa.select(memorial_day.c.id, memorial_day.c.translations)).all():
        english = translations.get("en", {})
        connection.execute(
            memorial_day.update()
            .where(memorial_day.c.id == day_id)
            .values(name_en=english.get("name"), text_en=english.get("text"))
        )
    op.drop_column("memorial_day", "translations")
