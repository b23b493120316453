"""The field types the API's shapes are declared with (pydantic), for what JSON can carry.

JSON can carry anything (lists, huge numbers, lone surrogates), so input types are strict: an id
is a whole number (or its digits as text), a flag is true or false, text is text that UTF-8 can
store. Answers carry dates as ISO 8601 text: deadlines as dates, times with their offset.
"""

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    WithJsonSchema,
)

MAX_ID = 2**31 - 1
TEXT_LIMIT = 10_000  # far above any operation's own limit; keeps a huge string out of the cleaners
DIGITS = re.compile(r"[0-9]{1,10}")


def _digits_as_number(raw):
    return int(raw) if isinstance(raw, str) and DIGITS.fullmatch(raw) else raw


def _storable(text):
    text.encode()  # a lone surrogate ("\ud800") cannot be stored or encrypted: UnicodeEncodeError
    return text


Id = Annotated[int, Field(ge=1, le=MAX_ID), Strict(), BeforeValidator(_digits_as_number)]
Flag = Annotated[bool, Strict()]
Storable = Annotated[str, Strict(), AfterValidator(_storable)]
Text = Annotated[Storable, Field(max_length=TEXT_LIMIT)]
Stamp = Annotated[
    datetime, PlainSerializer(datetime.isoformat), WithJsonSchema({"type": "string", "format": "date-time"})
]
Day = Annotated[date, PlainSerializer(date.isoformat), WithJsonSchema({"type": "string", "format": "date"})]


class Record(BaseModel):
    """An answer read from a row's attributes of the same names: `Shape.model_validate(row)`."""

    model_config = ConfigDict(from_attributes=True)


def documented(**schema):
    """An optional input field (absent by default) with keywords for the OpenAPI document only:
    the operation checks the value and says what is wrong with it."""
    return Field(None, json_schema_extra=schema)
