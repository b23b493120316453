"""Valid registration values for tests (the ID numbers pass GB 11643's check digit)."""

from datetime import date

from stdnum.cn import ric


def id_number(birth="19800101", serial=1, region="110105"):
    """A valid 18-digit ID number: region, birth date, a 3-digit serial (odd: male), check digit."""
    body = f"{region}{birth}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum wants a placeholder check digit


# The number of issue 13 and people born in the 1930s-1960s in the demo's districts (西湖区 330106,
# 余杭区 330110): valid numbers whose area code is newer than the birth date.
OLDER_VETERANS = [
    "330106196508151238",
    id_number("19351003", 11, "330106"),
    id_number("19420617", 24, "330110"),
    id_number("19490101", 35, "330106"),
    id_number("19530228", 46, "330110"),
    id_number("19600229", 57, "330106"),
    id_number("19691231", 68, "330110"),
]
# 33011019571120004X typed on a phone's full-width keyboard, with a lower-case x
FULL_WIDTH_ID_NUMBER = "３３０１１０１９５７１１２０００４ｘ"
# (a number still refused, what the answer says about it)
REFUSED_ID_NUMBERS = [
    ("330106196508151239", "校验码"),
    (id_number("20991231", 1, "330106"), "出生日期"),  # in the future
    (id_number("19650230", 1, "330106"), "出生日期"),  # no 30 February
    (id_number("18991231", 1, "330106"), "出生日期"),  # before 1900
    (id_number("19650815", 1, "990106"), "省份代码"),
    ("33010619650815123", "18位"),
]


def values(station_id, serial=1, **overrides):
    base = {
        "name": "张建国",
        "id_number": id_number(serial=serial),
        "mobile": "13800138000",
        "category_id": 1,
        "branch": "陆军",
        "enlisted_on": date(1998, 12, 1),
        "discharged_on": date(2003, 12, 1),
        "hukou_address": "浙江省杭州市西湖区甲一甲村1号",
        "residence_address": "浙江省杭州市西湖区甲一甲村1号",
        "station_id": station_id,
    }
    return base | overrides
