"""The demo network and accounts `make run` seeds. The passwords are public demo values."""

DEMO_PASSWORD = "demo1234"
HOURS = "08:30-12:00,14:00-17:30"

# code, name, level, parent_code, address, phone, latitude, longitude
STATIONS = [
    ("3301", "示范市退役军人服务中心", "city", "", "示范市人民路1号", "0571-88000000", 30.2741, 120.1551),
    (
        "330106",
        "西湖区退役军人服务中心",
        "county",
        "3301",
        "西湖区文三路100号",
        "0571-88100000",
        30.2800,
        120.1300,
    ),
    (
        "330110",
        "余杭区退役军人服务中心",
        "county",
        "3301",
        "余杭区临平大道50号",
        "0571-88200000",
        30.4200,
        120.3000,
    ),
    (
        "330106001",
        "北山街道退役军人服务站",
        "township",
        "330106",
        "北山街10号",
        "0571-88101000",
        30.2600,
        120.1500,
    ),
    (
        "330106002",
        "翠苑街道退役军人服务站",
        "township",
        "330106",
        "翠苑路20号",
        "0571-88102000",
        30.2900,
        120.1200,
    ),
    (
        "330110001",
        "临平街道退役军人服务站",
        "township",
        "330110",
        "临平北路30号",
        "0571-88201000",
        30.4200,
        120.3100,
    ),
    (
        "330106001001",
        "西湖村退役军人服务站",
        "village",
        "330106001",
        "西湖村村委会",
        "0571-88101001",
        30.2550,
        120.1450,
    ),
    (
        "330106001002",
        "宝石社区退役军人服务站",
        "village",
        "330106001",
        "宝石二路5号",
        "0571-88101002",
        30.2650,
        120.1550,
    ),
    (
        "330106002001",
        "翠苑一区社区退役军人服务站",
        "village",
        "330106002",
        "翠苑一区3幢",
        "0571-88102001",
        30.2920,
        120.1230,
    ),
    (
        "330106002002",
        "翠苑二区社区退役军人服务站",
        "village",
        "330106002",
        "翠苑二区8幢",
        "0571-88102002",
        30.2880,
        120.1180,
    ),
    (
        "330110001001",
        "临平社区退役军人服务站",
        "village",
        "330110001",
        "临平社区服务中心",
        "0571-88201001",
        30.4210,
        120.3050,
    ),
]

# username, name, station code, role
ACCOUNTS = [
    ("admin", "周管理", "3301", "admin"),
    ("broadcaster", "吴宣传", "3301", "broadcaster"),
    ("supervisor", "郑负责", "330106", "supervisor"),
    ("head", "王站长", "330106001", "head"),
    ("clerk", "李办事", "330106001001", "clerk"),
]


def station_rows():
    """The demo stations as import rows (the same path a real CSV takes)."""
    header = ["code", "name", "level", "parent_code", "address", "phone"]
    rows = [(n, dict(zip(header, s[:6], strict=True))) for n, s in enumerate(STATIONS, start=2)]
    return header, rows
