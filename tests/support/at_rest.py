"""What a copy of the database and a Redis dump would show: every row of every table (read raw,
as reflected, so encrypted columns are their ciphertext) and every Redis key's value, as text."""

from sqlalchemy import MetaData, select


def database_rows(db):
    """{table name: [row as text]} of every table in the database."""
    tables = MetaData()
    tables.reflect(bind=db.engine)
    with db.engine.connect() as connection:
        return {
            name: [repr(tuple(row)) for row in connection.execute(select(table))]
            for name, table in tables.tables.items()
        }


def redis_values(redis):
    """{key: value as text} of every key, whatever its type."""
    readers = {
        b"string": redis.get,
        b"hash": redis.hgetall,
        b"list": lambda key: redis.lrange(key, 0, -1),
        b"set": redis.smembers,
        b"zset": lambda key: redis.zrange(key, 0, -1, withscores=True),
        b"stream": lambda key: redis.xrange(key),
    }
    values = {}
    for key in redis.scan_iter():
        kind = redis.type(key)
        values[key.decode()] = key.decode() + " " + (_text(readers[kind](key)) if kind in readers else "")
    return values


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return repr(value)


def places_holding(db, redis, *secrets):
    """Where any of `secrets` (or their full-width forms) is stored: ["table <name>", "redis <key>"]."""
    wide = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
    looked_for = {form for secret in secrets for form in (secret, secret.translate(wide))}
    found = [
        f"table {name}" for name, rows in database_rows(db).items() for row in rows if _has(row, looked_for)
    ]
    found += [f"redis {key}" for key, value in redis_values(redis).items() if _has(value, looked_for)]
    return found


def _has(text, secrets):
    return any(secret in text for secret in secrets)
