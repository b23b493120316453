"""Reading a station's ledger (台账): which column holds which field, and its cells as registration values.

Every station keeps its ledger with its own headers (姓名, 身份证号码, 人员类别, 入伍时间…) and its own way of
writing dates. A mapping {column header: field} says which column feeds which field of
`registrations.CLEANERS` (plus the station code column); it is proposed from common synonyms, corrected
by the user, and remembered per station (ImportMapping). Cells become the raw values the registration
rules take; the rules themselves stay in `registrations`.
"""

import re
from datetime import date, timedelta

from models import ImportMapping, db
from server.operations.core.errors import DomainError
from server.operations.veterans import texts
from server.operations.veterans.registrations import BRANCHES, CLEANERS, REQUIRED

STATION_CODE = "station_code"
TARGETS = {f: texts.FIELD_NAMES[f] for f in CLEANERS if f != "station_id"}
TARGETS[STATION_CODE] = texts.STATION_CODE_NAME
REQUIRED_COLUMNS = tuple(f for f in REQUIRED if f != "station_id")
SYNONYMS = {  # most specific first: a header containing one of these is proposed for the field
    "name": ("姓名", "退役军人姓名", "人员姓名", "名字"),
    "id_number": ("身份证号码", "公民身份号码", "身份证件号码", "身份证号", "证件号码", "身份证"),
    "mobile": ("联系电话", "手机号码", "手机号", "联系方式", "电话号码", "手机", "电话"),
    "category_id": ("人员类别", "人员类型", "优抚类别", "身份类别", "类别"),
    "branch": ("服役军种/部别", "服役军种", "军兵种", "军种", "部别"),
    "enlisted_on": ("入伍时间", "入伍日期", "入伍年月"),
    "discharged_on": ("退役时间", "退役日期", "退役年月", "退伍时间", "退伍日期", "退伍年月"),
    "hukou_address": ("户籍地址", "户籍所在地", "户口所在地", "户籍地", "户口地址", "户籍", "户口"),
    "residence_address": (
        "现居住地址",
        "现居住地",
        "居住地址",
        "现住址",
        "家庭住址",
        "常住地址",
        "住址",
        "地址",
    ),
    STATION_CODE: ("所属站点编码", "所属服务站编码", "服务站编码", "站点编码"),
}
BRANCH_ALIASES = {
    "武警": "武警部队",
    "第二炮兵": "火箭军",
    "二炮": "火箭军",
    "战略支援部队": "原战略支援部队",
}
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's (1900) date serial numbers


# The mapping
def _plain(header):
    """A header without spaces, stars or a bracketed remark: 身份证号码（18位） → 身份证号码."""
    text = re.sub(r"[（(][^）)]*[）)]", "", header or "")
    return re.sub(r"[\s*＊:：]", "", text).lower()


def propose_mapping(header, remembered=None):
    """{column: field or ""} for each column: the remembered choice, else an exact synonym, else a
    header containing a synonym. Each field is proposed for one column at most."""
    remembered = remembered or {}
    mapping = {column: "" for column in header if column}
    for column in mapping:
        if remembered.get(column) in TARGETS:
            mapping[column] = remembered[column]
    exact = {_plain(name): f for f, names in SYNONYMS.items() for name in names} | {f: f for f in TARGETS}
    _assign(mapping, remembered, lambda column: exact.get(_plain(column)))
    _assign(mapping, remembered, _containing_synonym)
    return mapping


def _assign(mapping, remembered, guess):
    taken = set(mapping.values())
    for column, chosen in mapping.items():
        if chosen or column in remembered:  # a column the user chose to skip stays skipped
            continue
        field = guess(column)
        if field and field not in taken:
            mapping[column] = field
            taken.add(field)


def _containing_synonym(column):
    plain = _plain(column)
    for field, names in SYNONYMS.items():
        if any(_plain(name) in plain for name in names):
            return field
    return None


def parse_mapping(text):
    """`姓名=name,身份证号码=id_number,备注=` as {column: field}; the field may also be its Chinese label."""
    by_label = {label: f for f, label in TARGETS.items()}
    mapping = {}
    for pair in filter(None, (p.strip() for p in re.split(r"[,，;；\n]", text or ""))):
        column, equals, field = (part.strip() for part in pair.partition("="))
        field = by_label.get(field, field)
        if not equals or not column or (field and field not in TARGETS):
            raise DomainError(texts.MAPPING_FORM.format(pair=pair, fields=texts.LIST_JOINED.join(TARGETS)))
        mapping[column.lower()] = field
    return mapping


def corrected_mapping(proposed, corrections):
    """The proposal with the user's corrections; a field given to another column leaves its old one."""
    moved = {f for f in corrections.values() if f}
    kept = {column: ("" if f in moved else f) for column, f in proposed.items()}
    return kept | corrections


def mapping_problems(header, mapping, needs_station_code):
    """Problems with a mapping as a whole (reported against line 1 of the file)."""
    problems = [texts.NO_SUCH_COLUMN.format(column=column) for column in mapping if column not in header]
    chosen = [f for f in mapping.values() if f]
    problems += [texts.FIELD_IN_COLUMNS.format(field=TARGETS[f]) for f in TARGETS if chosen.count(f) > 1]
    needed = REQUIRED_COLUMNS + ((STATION_CODE,) if needs_station_code else ())
    missing = [TARGETS[f] for f in needed if f not in chosen]
    if missing:
        problems.append(texts.MISSING_COLUMNS.format(fields=texts.LIST_JOINED.join(missing)))
    return problems


def remembered_mapping(station):
    saved = db.session.get(ImportMapping, station.id)
    return dict(saved.mapping) if saved is not None else {}


def remember_mapping(station, mapping):
    saved = db.session.get(ImportMapping, station.id)
    if saved is None:
        db.session.add(ImportMapping(station_id=station.id, mapping=dict(mapping)))
    elif saved.mapping != mapping:
        saved.mapping = dict(mapping)
    db.session.flush()


# Cells
def row_values(cells, mapping, categories):
    """(raw values by field, {field: problem}) for one row, but for the station code; empty cells are
    left out, so they neither fill nor clear a field. `categories`: active category names to rows."""
    values, problems = {}, {}
    for column, field in mapping.items():
        text = (cells.get(column) or "").strip()
        if field in ("", STATION_CODE) or not text:
            continue
        try:
            values[field] = CELL_READERS.get(field, _as_text)(text, categories)
        except DomainError as error:
            problems[field] = error.message
    return values, problems


def read_date(text, _categories=None):
    """A date as ledgers write it: 2001-12-01, 2001/12/1, 2001.12, 2001年12月, 200112, 20011201, or an
    Excel serial number. A month without a day means its first day."""
    text = re.split(r"[ T]", text.strip(), maxsplit=1)[0]
    try:
        if re.fullmatch(r"\d{5}(\.\d+)?", text):
            return EXCEL_EPOCH + timedelta(days=int(float(text)))
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})?", text) or re.fullmatch(
            r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月?)", text
        )
        if match:
            year, month, day = match.groups()
            return date(int(year), int(month), int(day or 1))
    except (ValueError, OverflowError):
        pass
    raise DomainError(texts.NOT_A_DATE.format(text=text, forms=texts.DATE_FORMS))


def read_category(text, categories):
    name = re.sub(r"\s", "", text)
    if name not in categories:
        raise DomainError(
            texts.NO_SUCH_CATEGORY.format(name=name, choices=texts.LIST_JOINED.join(categories))
        )
    return categories[name].id


def read_branch(text, _categories=None):
    """陆军某部 → 陆军, 武警 → 武警部队; anything else is checked, and refused, by the registration rules."""
    name = re.sub(r"\s", "", text).removeprefix("中国人民解放军")
    if name in BRANCHES:
        return name
    for alias, branch in BRANCH_ALIASES.items():
        if name.startswith(alias):
            return branch
    return next((b for b in BRANCHES if b != "其他" and name.startswith(b)), name)


def _as_text(text, _categories=None):
    return text


CELL_READERS = {
    "category_id": read_category,
    "branch": read_branch,
    "enlisted_on": read_date,
    "discharged_on": read_date,
}
