"""The DATA_KEY over a database's life: its fingerprint, the check at every start, and rotation to a new key.

The database keeps a fingerprint of the key its data is stored under (an HMAC, which reveals nothing of the
key). Start and `python -m bot check` refuse another key, so a mistyped or replaced key can neither store data
that the old key cannot read nor hash numbers differently (which would switch the do-not-call list off).
`rotate` moves everything to a new key in one transaction: every encrypted value is re-encrypted (MultiFernet:
new first, old second) and every keyed hash recomputed from the number it stands for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cryptography.fernet import InvalidToken, MultiFernet
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.campaigns.crypto import DataKeyError, Vault
from bot.campaigns.models import Attempt, Contact, DoNotCall
from bot.db import BotState, Database
from bot.settings import Settings

FINGERPRINT = "data_key_fingerprint"
ROTATE_HINT = "To move the data to a new key, see `python -m bot rotate-key --help`."


def vault_of(settings: Settings) -> Vault | None:
    return Vault(settings.data_key) if settings.data_key else None


async def stored_fingerprint(*, session: AsyncSession) -> BotState | None:
    return await session.get(BotState, FINGERPRINT)


async def sample(*, session: AsyncSession) -> str | None:
    """One encrypted value of the database, to try a key on."""
    for column in (Contact.sealed, Attempt.sealed_note, Attempt.sealed_answers, DoNotCall.sealed_phone):
        token = (await session.exec(select(column).where(col(column).is_not(None)).limit(1))).first()
        if token is not None:
            return token
    return None


async def check_data_key(database: Database, settings: Settings) -> None:
    """Refuse a DATA_KEY that does not match the stored data (and LOG_SQL on a database with encrypted data);
    on the first start with a key, after checking that it opens what is stored, remember its fingerprint."""
    vault = vault_of(settings)
    async with database.session() as session:
        state = await stored_fingerprint(session=session)
        if settings.log_sql and (state is not None or await sample(session=session) is not None):
            raise DataKeyError(
                "LOG_SQL: refused, since this database holds data encrypted with a DATA_KEY and the log would show "
                "it. Use LOG_SQL=1 only on a throwaway database."
            )
        if vault is None:
            return
        if state is not None and state.value != vault.fingerprint:
            raise DataKeyError(
                "DATA_KEY: it is not the key the stored data is encrypted with. Set that key again. " + ROTATE_HINT
            )
        if state is None:
            if not vault.opens(await sample(session=session)):
                raise DataKeyError(
                    "DATA_KEY: it does not open the data stored in this database. Set the key it was stored under. "
                    + ROTATE_HINT
                )
            session.add(BotState(key=FINGERPRINT, value=vault.fingerprint))


@dataclass(frozen=True, slots=True)
class Rotated:
    contacts: int
    notes: int
    answers: int
    do_not_call: int
    dropped: int


async def rotate(database: Database, old_key: str, new_key: str, *, drop_unreadable: bool = False) -> Rotated:
    """Re-encrypt and re-hash everything under `new_key`, all or nothing. `old_key` is the key the data is stored
    under (as earlier versions accepted it). What neither key opens, and do-not-call entries whose number is no
    longer stored anywhere, stop the rotation unless `drop_unreadable` erases them."""
    old, new = Vault.previous(old_key), Vault(new_key)
    if old.fingerprint == new.fingerprint:
        raise DataKeyError("OLD_DATA_KEY and DATA_KEY are the same key: there is nothing to rotate.")
    await database.migrate(vault=old)
    both = MultiFernet([new.fernet, old.fernet])
    async with database.session() as session:
        state = await stored_fingerprint(session=session)
        if state is not None and state.value == new.fingerprint:
            raise DataKeyError("The data is already under DATA_KEY: remove OLD_DATA_KEY from the settings.")
        if state is not None and state.value != old.fingerprint:
            raise DataKeyError(
                "OLD_DATA_KEY: it is not the key the stored data is encrypted with; nothing was changed."
            )
        result = await _rotate(session=session, both=both, new=new, drop_unreadable=drop_unreadable)
        if state is None:
            session.add(BotState(key=FINGERPRINT, value=new.fingerprint))
        else:
            state.value = new.fingerprint
            session.add(state)
    return result


def _read(both: MultiFernet, token: str) -> str | None:
    try:
        return both.decrypt(token.encode()).decode()
    except InvalidToken:
        return None


async def _rotate(*, session: AsyncSession, both: MultiFernet, new: Vault, drop_unreadable: bool) -> Rotated:
    unreadable: list[str] = []
    dropped = 0
    numbers: dict[tuple[int, str], str] = {}  # (server, old hash) -> number, for do-not-call entries kept as hashes
    contacts = (await session.exec(select(Contact).where(col(Contact.sealed).is_not(None)))).all()
    for contact in contacts:
        text = _read(both, contact.sealed)
        if text is None:
            unreadable.append(f"contact {contact.id}")
            if drop_unreadable:
                contact.sealed, contact.phone_hash = None, None
                dropped += 1
            continue
        data = json.loads(text)
        if contact.phone_hash:
            numbers[(contact.guild_id, contact.phone_hash)] = data["phone"]
        contact.sealed = new.seal(data)
        contact.phone_hash = new.digest(data["phone"])
    notes = answers = 0
    for attempt in (await session.exec(select(Attempt))).all():
        for field in ("sealed_note", "sealed_answers"):
            token = getattr(attempt, field)
            if token is None:
                continue
            text = _read(both, token)
            if text is None:
                unreadable.append(f"call {attempt.id}")
                if drop_unreadable:
                    setattr(attempt, field, None)
                    dropped += 1
                continue
            setattr(attempt, field, new.encrypt(text))
            notes += field == "sealed_note"
            answers += field == "sealed_answers"
    moved_blocked = 0
    for entry in (await session.exec(select(DoNotCall))).all():
        phone = (
            _read(both, entry.sealed_phone) if entry.sealed_phone else numbers.get((entry.guild_id, entry.phone_hash))
        )
        if phone is None:
            unreadable.append(f"do-not-call entry {entry.id}")
            if drop_unreadable:
                await session.delete(entry)
                dropped += 1
            continue
        entry.phone_hash = new.digest(phone)
        entry.sealed_phone = new.encrypt(phone)
        moved_blocked += 1
    if unreadable and not drop_unreadable:
        raise DataKeyError(
            f"{len(unreadable)} stored values open with neither key, or are do-not-call numbers kept only as a hash "
            f"(first: {', '.join(unreadable[:3])}); nothing was changed. Run again with --drop-unreadable to erase "
            "them and rotate the rest."
        )
    moved = sum(1 for contact in contacts if contact.sealed is not None)
    return Rotated(moved, notes, answers, moved_blocked, dropped)
