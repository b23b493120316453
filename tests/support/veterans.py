"""Valid registration values for tests (the ID numbers pass GB 11643's check digit)."""

from datetime import date

from stdnum.cn import ric


def id_number(birth="19800101", serial=1, region="110105"):
    """A valid 18-digit ID number: region, birth date, a 3-digit serial (odd: male), check digit."""
    body = f"{region}{birth}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum wants a placeholder check digit


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
