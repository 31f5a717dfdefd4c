"""campaigns: survey answers encrypted like notes; do-not-call numbers kept encrypted beside their hash

Survey answers stored in plain text are encrypted with the DATA_KEY (handed over by `Database.migrate(vault=)`),
after checking that the key opens the data already stored. The numbers of the do-not-call list were kept only as
keyed hashes, which a new key cannot recompute; each is looked up in the call lists that still hold it and kept
encrypted, so that `python -m bot rotate-key` can re-hash it.

Revision ID: 0401
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from bot.campaigns.crypto import DataKeyError

revision: str = "0401"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

attempt = sa.table(
    "campaign_attempt",
    sa.column("id", sa.Integer),
    sa.column("answers", sa.JSON),
    sa.column("sealed_answers", sa.Text),
)
contact = sa.table(
    "campaign_contact",
    sa.column("guild_id", sa.BigInteger),
    sa.column("phone_hash", sa.String),
    sa.column("sealed", sa.Text),
)
do_not_call = sa.table(
    "campaign_do_not_call",
    sa.column("id", sa.Integer),
    sa.column("guild_id", sa.BigInteger),
    sa.column("phone_hash", sa.String),
    sa.column("sealed_phone", sa.Text),
)


def vault_for(connection: sa.Connection, need: str):
    vault = context.config.attributes.get("vault")
    if vault is None:
        raise DataKeyError(f"DATA_KEY: not set, and it is needed {need}. Set DATA_KEY and start again.")
    sample = connection.execute(sa.select(contact.c.sealed).where(contact.c.sealed.is_not(None)).limit(1)).scalar()
    if not vault.opens(sample):
        raise DataKeyError(
            "DATA_KEY: it does not open the data stored in this database. Set the key it was stored under."
        )
    return vault


def upgrade() -> None:
    # the key is checked before the schema changes: SQLite does not take ALTER TABLE back
    connection = op.get_bind()
    plain = connection.execute(sa.select(attempt.c.id, attempt.c.answers).where(attempt.c.answers.is_not(None))).all()
    blocked = connection.execute(sa.select(do_not_call.c.id, do_not_call.c.guild_id, do_not_call.c.phone_hash)).all()
    need = f"to encrypt {len(plain)} survey answers and {len(blocked)} do-not-call numbers"
    vault = vault_for(connection, need) if plain or blocked else None

    with op.batch_alter_table("campaign_attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealed_answers", sa.Text(), nullable=True))
    with op.batch_alter_table("campaign_do_not_call", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealed_phone", sa.Text(), nullable=True))

    if vault is not None:
        for attempt_id, answers in plain:
            connection.execute(
                attempt.update().where(attempt.c.id == attempt_id).values(sealed_answers=vault.seal(answers))
            )
        for entry_id, guild_id, phone_hash in blocked:
            sealed = connection.execute(
                sa.select(contact.c.sealed).where(
                    contact.c.guild_id == guild_id, contact.c.phone_hash == phone_hash, contact.c.sealed.is_not(None)
                )
            ).scalars()
            phone = next((vault.open(token)["phone"] for token in sealed if vault.opens(token)), None)
            if phone is not None:
                connection.execute(
                    do_not_call.update().where(do_not_call.c.id == entry_id).values(sealed_phone=vault.encrypt(phone))
                )

    with op.batch_alter_table("campaign_attempt", schema=None) as batch_op:
        batch_op.drop_column("answers")


def downgrade() -> None:
    connection = op.get_bind()
    sealed = connection.execute(
        sa.select(attempt.c.id, attempt.c.sealed_answers).where(attempt.c.sealed_answers.is_not(None))
    ).all()
    vault = vault_for(connection, f"to decrypt {len(sealed)} survey answers") if sealed else None
    with op.batch_alter_table("campaign_attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answers", sa.JSON(), nullable=True))
    if vault is not None:
        for attempt_id, token in sealed:
            connection.execute(attempt.update().where(attempt.c.id == attempt_id).values(answers=vault.open(token)))
    with op.batch_alter_table("campaign_attempt", schema=None) as batch_op:
        batch_op.drop_column("sealed_answers")
    with op.batch_alter_table("campaign_do_not_call", schema=None) as batch_op:
        batch_op.drop_column("sealed_phone")
