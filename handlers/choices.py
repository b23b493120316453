"""Reading a choice the way people type it on a phone: by its number ("1", full-width "１", "一",
"第一个") or by its words ("陆军", "满意"). Every dialog that offers numbered choices reads them here,
so "三" means the third one everywhere; anything else is nonsense, and the dialog asks again."""

import re
import unicodedata

from handlers import texts
from server.operations.core.errors import DomainError

NUMERALS = "一二三四五六七八九十"
POSITION = re.compile(rf"^第?([0-9]{{1,3}}|[{NUMERALS}])(?:个|项|条|号|种)?$")
PUNCTUATION = "。！!.，,、~～：:；;“”\"' "


def normal(said):
    """What was typed, as compared with a choice or a command word: full-width folded, spaces and
    punctuation dropped ("完成。" from a voice reads "完成")."""
    return unicodedata.normalize("NFKC", said or "").strip().strip(PUNCTUATION).replace(" ", "").lower()


def position_of(said):
    """The number typed ("3", "３", "三", "第三个"), or None."""
    match = POSITION.match(normal(said))
    if not match:
        return None
    number = match.group(1)
    return int(number) if number.isdigit() else NUMERALS.index(number) + 1


def pick(said, words):
    """The index (from 0) of the choice `said` names, or None. `words` has one entry per choice, in
    the order shown: the word on the list, or a tuple of the words that name it."""
    position = position_of(said)
    if position is not None:
        return position - 1 if 1 <= position <= len(words) else None
    typed = normal(said)
    for index, names in enumerate(words):
        if typed in {normal(name) for name in ((names,) if isinstance(names, str) else names)}:
            return index
    return None


def choose(said, words, values=None):
    """The value of the choice `said` names (`values[i]`, else the word itself); DomainError if none."""
    index = pick(said, words)
    if index is None:
        raise DomainError(texts.BAD_CHOICE)
    return (values or words)[index]
