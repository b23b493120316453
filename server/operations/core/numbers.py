"""Whole numbers typed by people or carried in URLs: only plain digits count (str.isdigit() also
accepts ² and other digits int() refuses), and chat answers may come in full-width (１２)."""

import re
import unicodedata

DIGITS = re.compile(r"[0-9]{1,18}")  # up to a bigint


def whole_number(value, typed=False):
    """`value` as an int if it is a whole number, else None. `typed`: someone typed it on a phone,
    so full-width and other compatibility digits are read as the digits they look like."""
    text = str(value or "").strip()
    if typed:
        text = unicodedata.normalize("NFKC", text)
    return int(text) if DIGITS.fullmatch(text) else None
