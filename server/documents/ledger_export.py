"""The registry's ledger (台账): its columns, and its rows read from the database in batches."""

from sqlalchemy import select

from models import Station, Veteran, VeteranCategory, db
from models.veteran import SOURCE_NAMES, STATE_NAMES
from server.operations.core.personal_data import mask_address, mask_id, mask_mobile

BATCH = 1000
COLUMNS = (
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "手机号",
    "人员类别",
    "服役军种",
    "入伍日期",
    "退役日期",
    "户籍地址",
    "居住地址",
    "所属站点",
    "状态",
    "来源",
    "登记时间",
)
EXPORTED = (  # what _row reads
    "name", "sex", "birth_date", "id_number", "mobile", "category_id", "branch", "enlisted_on",
    "discharged_on", "hukou_address", "residence_address", "station_id", "state", "source", "created_at",
)  # fmt: skip


def veteran_rows(statement, unmasked):
    """The ledger's rows of the veterans `statement` selects, read as they are written out.

    They come from a server-side cursor in batches, as plain tuples of the exported columns (no ORM
    objects for the session to keep)."""
    names = _names()
    columns = statement.with_only_columns(*(getattr(Veteran, name) for name in EXPORTED))
    result = db.session.execute(columns.execution_options(yield_per=BATCH))
    try:
        for veteran in result:
            yield _row(veteran, unmasked, names)
    finally:  # also when the download is abandoned halfway
        result.close()


def _names():
    """Category and station names by id, loaded once instead of once per row."""
    categories = dict(db.session.execute(select(VeteranCategory.id, VeteranCategory.name)).all())
    stations = dict(db.session.execute(select(Station.id, Station.name)).all())
    return categories, stations


def _row(veteran, unmasked, names):
    categories, stations = names
    show_id, show_mobile, show_address = (str, str, str) if unmasked else (mask_id, mask_mobile, mask_address)
    return (
        veteran.name or "",
        {"M": "男", "F": "女"}.get(veteran.sex, ""),
        _date(veteran.birth_date),
        show_id(veteran.id_number or ""),
        show_mobile(veteran.mobile or ""),
        categories.get(veteran.category_id, ""),
        veteran.branch or "",
        _date(veteran.enlisted_on),
        _date(veteran.discharged_on),
        show_address(veteran.hukou_address or ""),
        show_address(veteran.residence_address or ""),
        stations.get(veteran.station_id, ""),
        STATE_NAMES[veteran.state],
        SOURCE_NAMES.get(veteran.source, veteran.source),
        veteran.created_at.strftime("%Y-%m-%d"),
    )


def _date(value):
    return value.isoformat() if value else ""
