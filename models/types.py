"""Column types shared by the models: UTC timestamps, big ids, encrypted text."""

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import BigInteger, DateTime, Integer, LargeBinary, Text
from sqlalchemy.types import TypeDecorator

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets a bigint.
BigId = BigInteger().with_variant(Integer, "sqlite")


def utcnow():
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC, on SQLite and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; times are stored in UTC and must be aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class EncryptedText(TypeDecorator):
    """Text encrypted at rest with the application's data keyring (authenticated, rotatable)."""

    impl = Text
    cache_ok = True
    rotation_batch = 500  # rows re-encrypted per flush when DATA_KEY changes

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return current_app.extensions["keyring"].encrypt(value)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return current_app.extensions["keyring"].decrypt(value)


class EncryptedBytes(TypeDecorator):
    """Bytes (a photo, a recording) encrypted at rest with the same keyring as EncryptedText."""

    impl = LargeBinary
    cache_ok = True
    rotation_batch = 10  # each value may be megabytes

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return current_app.extensions["keyring"].encrypt_bytes(value)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return current_app.extensions["keyring"].decrypt_bytes(bytes(value))
