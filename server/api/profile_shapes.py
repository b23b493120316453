"""What the registration endpoints read and answer. A registration is shown with its personal
data masked (server/operations/core/personal_data.py)."""

import unicodedata
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from models.veteran import STATE_NAMES, STATES
from server.api.dictionary_shapes import Branch, Category
from server.api.fields import Day, Id, Record, Stamp, Storable, documented
from server.operations.core.personal_data import mask_address, mask_id, mask_mobile
from server.operations.veterans.privacy import PRIVACY_VERSION
from server.operations.veterans.registrations import BRANCHES, CLEANERS, FIELD_NAMES, missing_fields

LINK_CODE = r"^[0-9]{6}$"


class ProfileUpdate(BaseModel):
    # The registration fields a PUT /profile may change; update_registration's cleaners check the
    # values and name what they refuse.

    model_config = ConfigDict(extra="forbid")
    labels: ClassVar[dict] = FIELD_NAMES

    consent_version: str = documented(
        description=f"首次登记时必填：同意的《个人信息保护说明》版本，当前为 {PRIVACY_VERSION}",
        example=PRIVACY_VERSION,
    )
    name: Storable = documented(description="姓名，2-30个汉字或字母", example="张建国")
    id_number: Storable = documented(
        description="18位身份证号：检查省份代码、出生日期（1900-01-01 至今）和 GB 11643 校验码；"
        "全角数字和小写 x 也可以",
        example="110105198001010016",
    )
    mobile: Storable = documented(description="11位大陆手机号", example="13800138000")
    category_id: Id = documented(description="人员类别，见 GET /categories（也接受数字字符串）")
    branch: Storable = documented(enum=list(BRANCHES), description="服役军种，见 GET /branches")
    enlisted_on: Storable = documented(format="date", description="入伍日期 YYYY-MM-DD")
    discharged_on: Storable = documented(format="date", description="退役日期 YYYY-MM-DD，晚于入伍日期")
    hukou_address: Storable = documented(description="户籍地址，4-120字")
    residence_address: Storable = documented(description="居住地址，4-120字")
    station_id: Id = documented(description="所在村（社区）服务站，见 GET /stations（也接受数字字符串）")


def _link_digits(raw):
    return unicodedata.normalize("NFKC", raw).replace(" ", "") if isinstance(raw, str) else raw


class LinkRequest(BaseModel):
    code: Annotated[str, BeforeValidator(_link_digits)] = Field(
        pattern=LINK_CODE,
        description="在服务号中回复“绑定”得到的6位数字（10分钟内有效，只用一次；可为全角数字）",
    )


class StationRef(Record):
    id: int
    code: str = Field(examples=["330106001001"])
    name: str = Field(examples=["西湖村退役军人服务站"])


class MissingField(BaseModel):
    field: Literal[tuple(CLEANERS)]
    label: Literal[tuple(FIELD_NAMES.values())]


class Consent(BaseModel):
    version: str | None = Field(examples=[PRIVACY_VERSION])
    given_at: Stamp | None
    withdrawn_at: Stamp | None


class Profile(BaseModel):
    id: int
    state: Literal[tuple(STATES)] = Field(
        description="draft 草稿、submitted 待审核、approved 已通过、returned 退回"
    )
    state_name: Literal[tuple(STATE_NAMES.values())]
    name: str | None = Field(examples=["张建国"])
    id_number: str | None = Field(description="身份证号（脱敏）", examples=["110105********002X"])
    sex: Literal["M", "F"] | None = Field(description="由身份证号得出：M 男，F 女")
    mobile: str | None = Field(description="手机号（脱敏）", examples=["138****8000"])
    category: Category | None
    branch: Branch | None
    enlisted_on: Day | None
    discharged_on: Day | None
    hukou_address: str | None = Field(description="户籍地址（脱敏）", examples=["浙江省杭州市****"])
    residence_address: str | None = Field(description="居住地址（脱敏）")
    station: StationRef | None
    return_reason: str | None = Field(description="审核退回的原因（退回时）")
    missing_fields: list[MissingField] = Field(description="提交前还需填写的字段")
    consent: Consent
    submitted_at: Stamp | None
    deletion_requested_at: Stamp | None

    @classmethod
    def of(cls, veteran):
        return cls(
            id=veteran.id,
            state=veteran.state,
            state_name=veteran.state_name,
            name=veteran.name,
            id_number=mask_id(veteran.id_number) or None,
            sex=veteran.sex,
            mobile=mask_mobile(veteran.mobile) or None,
            category=veteran.category,
            branch=veteran.branch,
            enlisted_on=veteran.enlisted_on,
            discharged_on=veteran.discharged_on,
            hukou_address=mask_address(veteran.hukou_address) or None,
            residence_address=mask_address(veteran.residence_address) or None,
            station=veteran.station,
            return_reason=veteran.return_reason,
            missing_fields=[MissingField(field=f, label=FIELD_NAMES[f]) for f in missing_fields(veteran)],
            consent=Consent(
                version=veteran.consent_version,
                given_at=veteran.consent_at,
                withdrawn_at=veteran.consent_withdrawn_at,
            ),
            submitted_at=veteran.submitted_at,
            deletion_requested_at=veteran.deletion_requested_at,
        )


INPUTS, OUTPUTS = [ProfileUpdate, LinkRequest], [Profile]
