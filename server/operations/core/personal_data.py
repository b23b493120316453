"""Checking and masking personal data: ID numbers (GB 11643), mainland mobiles, addresses, names."""

import re
import unicodedata
from datetime import date

from stdnum.cn import ric

from models.types import utcnow
from server.operations.core import texts
from server.operations.core.errors import DomainError
from server.timezone import local_date

ID_NUMBER = re.compile(r"^[0-9]{17}[0-9X]$")
# GB/T 2260's province codes by region (华北 11-15, 东北 21-23, 华东 31-37, 中南 41-46, 西南 50-54,
# 西北 61-65), then 71 Taiwan, 81 Hong Kong, 82 Macao and 83 the residence permits of Taiwan residents
PROVINCE_RANGES = ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65), (71, 71), (81, 83))
PROVINCES = frozenset(str(code) for low, high in PROVINCE_RANGES for code in range(low, high + 1))
EARLIEST_BIRTH = date(1900, 1, 1)
MOBILE = re.compile(r"^1[3-9]\d{9}$")
NAME = re.compile(r"^[\u3400-\u9fffA-Za-z·•. ]{2,30}$")
MIN_ENLISTMENT_AGE = 16


def clean_id_number(text):
    """The 18-character ID number (full-width characters folded, upper-case X); DomainError saying
    what is wrong with it. The area code is checked only for its province: people born before
    their county's present code keep the code of where they registered later."""
    number = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "").upper()
    if not ID_NUMBER.match(number):
        raise DomainError(texts.ID_NUMBER_FORMAT, field="id_number")
    if ric.calc_check_digit(number) != number[-1]:
        raise DomainError(texts.ID_NUMBER_CHECKSUM, field="id_number")
    if number[:2] not in PROVINCES:
        raise DomainError(texts.ID_NUMBER_PROVINCE, field="id_number")
    birth = birth_date_of(number)
    if birth is None or not EARLIEST_BIRTH <= birth <= local_date(utcnow()):
        raise DomainError(texts.ID_NUMBER_BIRTH_DATE, field="id_number")
    return number


def birth_date_of(id_number):
    """The birth date in digits 7-14, or None when they are no real date."""
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def birth_and_sex(id_number):
    """(birth date, "M" or "F") from an ID number: the 17th digit is odd for men."""
    return birth_date_of(id_number), "M" if int(id_number[16]) % 2 else "F"


def clean_mobile(text):
    number = re.sub(r"[\s-]", "", text or "").removeprefix("+86")
    if not MOBILE.match(number):
        raise DomainError(texts.MOBILE_INVALID, field="mobile")
    return number


def clean_name(text):
    name = (text or "").strip()
    if not NAME.match(name):
        raise DomainError(texts.NAME_INVALID, field="name")
    return name


def clean_address(text, field):
    address = (text or "").strip()
    if not 4 <= len(address) <= 120:
        raise DomainError(texts.ADDRESS_INVALID, field=field)
    return address


def check_service_dates(enlisted, discharged, birth_date=None, today=None):
    today = today or date.today()
    if enlisted > today or discharged > today:
        raise DomainError(
            texts.SERVICE_DATES_FUTURE, field="discharged_on" if discharged > today else "enlisted_on"
        )
    if discharged <= enlisted:
        raise DomainError(texts.DISCHARGE_BEFORE_ENLISTMENT, field="discharged_on")
    if birth_date and enlisted < birth_date.replace(year=birth_date.year + MIN_ENLISTMENT_AGE):
        raise DomainError(texts.ENLISTED_TOO_YOUNG.format(age=MIN_ENLISTMENT_AGE), field="enlisted_on")


def mask_id(number):
    return f"{number[:6]}********{number[-4:]}" if number else ""


def mask_mobile(number):
    return f"{number[:3]}****{number[-4:]}" if number else ""


def mask_address(address):
    return f"{address[:6]}****" if address else ""
