"""ID numbers and mobiles typed into free text (a request, a message, a reply, a note, a rating) are
stored masked, as the registrations show them; the text as typed is kept encrypted (OriginalText),
for the person who wrote or received it and for staff who ask to see it (with an audit entry).

An ID number is 18 characters with a valid GB 11643 check digit; a mobile is 1[3-9] and 9 more
digits (3-4-4 groups may be split by a space or a hyphen, +86 in front); neither may be part of a
longer run of digits. Full-width digits count as digits.
"""

import re
import unicodedata

from sqlalchemy import and_, delete, or_, select
from stdnum.cn import ric

from models import OriginalText, db
from server.operations.core import audit
from server.operations.core.personal_data import mask_id, mask_mobile

ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
MOBILE = re.compile(r"(?:(?<=\+86)|(?<![0-9]))1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")


def mask_numbers(text):
    """`text` with every ID number and mobile in it masked; the rest exactly as typed."""
    if not text:
        return text
    work, found = _folded(text), []
    for pattern, masked in ((ID_NUMBER, _masked_id), (MOBILE, _masked_mobile)):
        for match in pattern.finditer(work):
            if (replacement := masked(match.group())) is not None:
                start, end = match.span()
                found.append((start, end, replacement))
                work = work[:start] + "*" * (end - start) + work[end:]  # not found again as a mobile
    for start, end, replacement in sorted(found, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _folded(text):
    """Full-width digits, letters, spaces and hyphens as ASCII, one character for one, so that a
    match's position is its position in `text`."""
    return "".join(f if len(f := unicodedata.normalize("NFKC", ch)) == 1 else ch for ch in text)


def _masked_id(candidate):
    number = candidate.upper()
    return mask_id(number) if ric.calc_check_digit(number) == number[-1] else None


def _masked_mobile(candidate):
    return mask_mobile(re.sub(r"[ -]", "", candidate))


def keep_originals(row, replace=False, **texts):
    """After `row` was stored with `field=mask_numbers(text)` (so it has its id), keep each `text`
    that masking changed. `replace` first forgets what was kept for those fields (a value set again)."""
    owner = row.__tablename__
    if replace:
        db.session.execute(
            delete(OriginalText).where(
                OriginalText.owner_type == owner,
                OriginalText.owner_id == row.id,
                OriginalText.field.in_(texts),
            )
        )
    for field, text in texts.items():
        if text is not None and getattr(row, field) != text:
            db.session.add(OriginalText(owner_type=owner, owner_id=row.id, field=field, text=text))


class Originals:
    """The texts as typed of some rows; `originals(row, field)` is the stored value where none was kept."""

    def __init__(self, texts=None):
        self.texts = texts or {}

    def __call__(self, row, field):
        return self.texts.get((row.__tablename__, row.id, field), getattr(row, field))


def _owned_by(rows):
    ids = {}
    for row in rows:
        ids.setdefault(row.__tablename__, set()).add(row.id)
    return or_(*(and_(OriginalText.owner_type == t, OriginalText.owner_id.in_(i)) for t, i in ids.items()))


def originals_of(rows):
    """The texts as typed of `rows` (requests and timeline entries), for the person whose they are."""
    rows = list(rows)
    if not rows:
        return Originals()
    found = db.session.execute(select(OriginalText).where(_owned_by(rows))).scalars()
    return Originals({(o.owner_type, o.owner_id, o.field): o.text for o in found})


def any_masked(rows):
    """Whether some text of `rows` was stored masked (read without decrypting it)."""
    rows = list(rows)
    found = select(OriginalText.id).where(_owned_by(rows)).limit(1) if rows else None
    return found is not None and db.session.scalar(found) is not None


def reveal_originals(request, rows, actor):
    """Staff see the texts as typed of `request` and `rows` (its timeline entries shown): an audit
    entry names the request and how many texts were shown, never the texts."""
    originals = originals_of([request, *rows])
    audit.record(actor, "request.unmask", request, number=request.number, texts=len(originals.texts))
    return originals
