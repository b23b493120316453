"""Synthetic data at production scale, for benchmarks: a large network and many veterans.

Rows go in with Core batch inserts and values encrypted as the ORM would, so what the benchmarks
read is exactly what the application writes.
"""

import itertools
import random
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, insert, select
from stdnum.cn import ric

from models import Station, Veteran, VeteranCategory, db
from models.types import utcnow
from server.operations.core.audit import Actor
from server.operations.network.stations import import_stations

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "建国军华伟强磊勇涛斌刚波辉鹏杰超明亮平军林东海峰志红文新春兵晓宇浩"
BRANCHES = ("陆军", "海军", "空军", "火箭军", "武警部队")
BATCH = 2000
# The first county is the dense urban district: its villages are this many times as populous as the
# others', so one county holds about a fifth of the veterans (≈100,000 of 500,000, one big export).
DENSE_COUNTY, DENSE_WEIGHT = "S00", 2.5
SUBMITTED_SHARE = 0.01  # registrations awaiting review, so the review queue is not empty at scale


def seed_network(counties, townships, villages):
    """A city with `counties` × `townships` × `villages` stations (codes S..., idempotent)."""
    rows = [("S", "示范规模市中心", "city", "")]
    for c in range(counties):
        county = f"S{c:02d}"
        rows.append((county, f"第{c + 1}区中心", "county", "S"))
        for t in range(townships):
            township = f"{county}{t:02d}"
            rows.append((township, f"第{c + 1}区第{t + 1}街道站", "township", county))
            rows.extend(
                (f"{township}{v:03d}", f"第{c + 1}区第{t + 1}街道第{v + 1}村站", "village", township)
                for v in range(villages)
            )
    header = ["code", "name", "level", "parent_code", "address", "phone"]
    table = [(n, dict(zip(header, (*r, "", ""), strict=True))) for n, r in enumerate(rows, start=2)]
    return import_stations(header, table, Actor.system("flask seed network"))


def seed_veterans(count, seed=2026):
    """`count` veterans (1 % awaiting review, the rest approved) spread over the village stations,
    DENSE_COUNTY's more thickly; returns how many were added."""
    rng = random.Random(seed)
    village = _village_picker(rng)
    categories = db.session.execute(select(VeteranCategory.id)).scalars().all()
    start = db.session.scalar(select(func.coalesce(func.max(Veteran.id), 0)))
    keyring = current_app.extensions["keyring"]
    table = Veteran.__table__
    for offset in range(0, count, BATCH):
        rows = [
            _row(start + offset + n + 1, rng, village, categories, keyring)
            for n in range(min(BATCH, count - offset))
        ]
        db.session.execute(insert(table), rows)
        db.session.commit()
    return count


def _village_picker(rng):
    """A function drawing a village's id, DENSE_COUNTY's villages DENSE_WEIGHT times as likely."""
    rows = db.session.execute(select(Station.id, Station.code).where(Station.level == "village")).all()
    ids = [station_id for station_id, _ in rows]
    weights = list(
        itertools.accumulate(DENSE_WEIGHT if code.startswith(DENSE_COUNTY) else 1 for _, code in rows)
    )
    return lambda: rng.choices(ids, cum_weights=weights)[0]


def _row(serial, rng, village, categories, keyring):
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 60 * 365))
    # Region digits and sequence number spell the serial, so every synthetic ID number is distinct.
    body = f"33{serial // 1000 % 10000:04d}{birth:%Y%m%d}{serial % 1000:03d}"
    id_number = body + ric.calc_check_digit(body + "0")
    mobile = f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"
    enlisted = birth + timedelta(days=365 * 18 + rng.randrange(0, 365 * 4))
    now = utcnow()
    address = f"示范市第{rng.randrange(1, 20)}区某街道{rng.randrange(1, 300)}号"
    return {
        "state": "submitted" if rng.random() < SUBMITTED_SHARE else "approved",
        "source": "import",
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
        "id_number": id_number,
        "id_hash": keyring.lookup_hash(id_number),
        "birth_date": birth,
        "sex": "M" if int(id_number[16]) % 2 else "F",
        "mobile": mobile,
        "mobile_tail": mobile[-4:],
        "category_id": rng.choice(categories),
        "branch": rng.choice(BRANCHES),
        "enlisted_on": enlisted,
        "discharged_on": enlisted + timedelta(days=365 * rng.randrange(2, 16)),
        "hukou_address": address,
        "residence_address": address,
        "station_id": village(),
        "consent_version": "seed",
        "consent_at": now,
        "created_at": now,
        "updated_at": now,
        "submitted_at": now,
    }
