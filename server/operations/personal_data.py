"""Checking and masking personal data: ID numbers (GB 11643), mainland mobiles, addresses, names."""

import re
from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, ValidationError

from server.operations.errors import DomainError

MOBILE = re.compile(r"^1[3-9]\d{9}$")
NAME = re.compile(r"^[\u3400-\u9fffA-Za-z·•. ]{2,30}$")
MIN_ENLISTMENT_AGE = 16


def clean_id_number(text):
    """The 18-character ID number, upper-case X; DomainError saying what is wrong with it."""
    number = (text or "").strip().replace(" ", "").upper()
    if len(number) != 18:
        raise DomainError("身份证号应为18位，请核对后重新输入", field="id_number")
    try:
        ric.validate(number)
    except InvalidChecksum:
        raise DomainError("身份证号最后一位校验码不正确，请核对后重新输入", field="id_number") from None
    except ValidationError:
        raise DomainError("身份证号中的出生日期或地区码不正确，请核对后重新输入", field="id_number") from None
    if ric.get_birth_date(number) > date.today():
        raise DomainError("身份证号中的出生日期不正确", field="id_number")
    return number


def birth_and_sex(id_number):
    """(birth date, "M" or "F") from an ID number: the 17th digit is odd for men."""
    return ric.get_birth_date(id_number), "M" if int(id_number[16]) % 2 else "F"


def clean_mobile(text):
    number = re.sub(r"[\s-]", "", text or "").removeprefix("+86")
    if not MOBILE.match(number):
        raise DomainError("请输入11位大陆手机号码", field="mobile")
    return number


def clean_name(text):
    name = (text or "").strip()
    if not NAME.match(name):
        raise DomainError("姓名应为2-30个汉字或字母", field="name")
    return name


def clean_address(text, field):
    address = (text or "").strip()
    if not 4 <= len(address) <= 120:
        raise DomainError("地址请填写4-120个字（省市县乡村及门牌）", field=field)
    return address


def check_service_dates(enlisted, discharged, birth_date=None, today=None):
    today = today or date.today()
    if enlisted > today or discharged > today:
        raise DomainError(
            "入伍和退役日期都应在今天之前", field="discharged_on" if discharged > today else "enlisted_on"
        )
    if discharged <= enlisted:
        raise DomainError("退役日期应晚于入伍日期", field="discharged_on")
    if birth_date and enlisted < birth_date.replace(year=birth_date.year + MIN_ENLISTMENT_AGE):
        raise DomainError(f"入伍时应年满{MIN_ENLISTMENT_AGE}周岁，请核对入伍日期", field="enlisted_on")


def mask_id(number):
    return f"{number[:6]}********{number[-4:]}" if number else ""


def mask_mobile(number):
    return f"{number[:3]}****{number[-4:]}" if number else ""


def mask_address(address):
    return f"{address[:6]}****" if address else ""
