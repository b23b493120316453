"""Re-encrypting personal data under a new DATA_KEY, while the old one is DATA_KEY_PREVIOUS.

Reading accepts either key; writing always uses the current one. Marking each encrypted column
as changed makes the ORM write its (decrypted) value back, so it is encrypted anew. Every model with
an encrypted column is found by its column types: registrations, WeChat messages, notifications,
attachments, and free text as typed (original_text). Dialog state in Redis lives for minutes and is
read with either key meanwhile.
"""

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from models import db
from models.types import EncryptedBytes, EncryptedText

ENCRYPTED = (EncryptedText, EncryptedBytes)


def encrypted_columns():
    """[(model, [column names])] for every model with an encrypted column."""
    found = []
    for mapper in db.Model.registry.mappers:
        names = [c.key for c in mapper.columns if isinstance(c.type, ENCRYPTED)]
        if names:
            found.append((mapper.class_, names))
    return found


def rotate_batch(model, names, keyring, after=None):
    """Re-encrypt a batch of `model`'s rows past the key `after`; returns the last key done, or None."""
    key = model.__mapper__.primary_key[0]
    batch = min(model.__mapper__.columns[name].type.rotation_batch for name in names)
    statement = select(model).order_by(key).limit(batch)
    if after is not None:
        statement = statement.where(key > after)
    rows = db.session.execute(statement).scalars().all()
    for row in rows:
        for name in names:
            if getattr(row, name) is not None:
                flag_modified(row, name)
        if getattr(row, "id_number", None):
            row.id_hash = keyring.lookup_hash(row.id_number)  # the lookup hashes are keyed too
            if row.import_key:
                row.import_key = keyring.lookup_hash(f"ledger:{row.station_id}:{row.id_number}")
    db.session.flush()
    return getattr(rows[-1], key.key) if rows else None
