"""What the reference endpoints answer: categories, branches, the station tree, the nearest
stations, the privacy notice."""

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field

from models.station import LEVEL_NAMES, LEVELS
from server.api.fields import Record
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.operations.veterans.registrations import BRANCHES

Branch = Literal[tuple(BRANCHES)]
RANGES = {"lat": (-90, 90), "lng": (-180, 180)}


def _number(raw):
    """A number as Python reads it (" 30.27", "3e1"); nan and inf are then out of every range."""
    try:
        return float(raw)
    except (TypeError, ValueError):
        return raw


def _coordinate(name, label, example):
    low, high = RANGES[name]
    return Annotated[
        float,
        Field(ge=low, le=high, description=f"{label}（WGS-84，{low} 到 {high}）", examples=[example]),
        BeforeValidator(_number),
    ]


class NearestQuery(BaseModel):
    lat: _coordinate("lat", "纬度", 30.2741)
    lng: _coordinate("lng", "经度", 120.1551)


class Category(Record):
    id: int = Field(examples=[1])
    name: str = Field(examples=["退役士兵"])
    served: bool = Field(description="是否需要填写服役信息（家属类为 false）")


class CategoryList(BaseModel):
    """在用的人员类别"""

    items: list[Category]


class BranchList(BaseModel):
    """服役军种"""

    items: list[Branch]


class StationNode(BaseModel):
    id: int
    code: str
    name: str
    level: Literal[tuple(LEVELS)]
    level_name: Literal[tuple(LEVEL_NAMES.values())]
    children: list["StationNode"]

    @classmethod
    def of(cls, station, children):
        """`station` and, below it, its active children ({parent id: [station]})."""
        return cls(
            id=station.id,
            code=station.code,
            name=station.name,
            level=station.level,
            level_name=station.level_name,
            children=[cls.of(child, children) for child in children[station.id]],
        )


class StationTree(BaseModel):
    """在用站点树：市 → 县区 → 乡镇街道 → 村社区"""

    items: list[StationNode]


class NearbyStation(BaseModel):
    id: int
    code: str
    name: str
    address: str | None
    phone: str | None
    hours: str | None = Field(description="工作日办公时间，如 08:30-12:00,14:00-17:30")
    latitude: float
    longitude: float
    distance_m: int = Field(ge=0, description="直线距离（米）")

    @classmethod
    def of(cls, station, metres):
        return cls(
            id=station.id,
            code=station.code,
            name=station.name,
            address=station.address,
            phone=station.phone,
            hours=station.hours,
            latitude=station.latitude,
            longitude=station.longitude,
            distance_m=metres,
        )


class NearbyStationList(BaseModel):
    """距离最近的村（社区）服务站，由近到远，最多5个"""

    items: list[NearbyStation]


class PrivacyNotice(BaseModel):
    version: str = Field(examples=[PRIVACY_VERSION])
    text: str


OUTPUTS = [
    Category,
    CategoryList,
    BranchList,
    StationNode,
    StationTree,
    NearbyStation,
    NearbyStationList,
    PrivacyNotice,
]
