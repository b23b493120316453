"""The database gone away (restarting, unreachable) or giving up on a transaction (a deadlock, a lock
timeout): what every error handler answers. Nothing was committed; the same request later may well
succeed, so the answer is a 503 that says to try again."""

from sqlalchemy.exc import InterfaceError, OperationalError

from models import db

DATABASE_ERRORS = (OperationalError, InterfaceError)
DATABASE_UNAVAILABLE = "系统繁忙或数据库暂时无法连接，本次操作没有保存，请稍后再试"


def roll_back_quietly():
    try:
        db.session.rollback()
    except DATABASE_ERRORS:
        db.session.close()  # the connection is gone with the transaction: let the pool drop it
