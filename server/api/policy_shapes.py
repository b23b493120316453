"""What the policy endpoints read and answer: a search or list of the policies in force, one policy,
the topics."""

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, Strict

from server.api.fields import DIGITS, Day, Id, Record, Storable

PAGE_SIZE = 10
MAX_PAGE = 1000
QUERY_LIMIT = 50


def _page_number(raw):
    return int(raw) if isinstance(raw, str) and DIGITS.fullmatch(raw) else raw


class PolicySearchQuery(BaseModel):
    q: Annotated[Storable, Field(max_length=QUERY_LIMIT)] | None = Field(
        None,
        description=(
            f"想查询的政策，如“优待证怎么办”“政策 医保”（最多{QUERY_LIMIT}字）；不填时按发文日期由新到旧列出"
        ),
        examples=["创业贷款"],
    )
    topic: Id | None = Field(
        None, description="只查这个专题的政策（专题 id，见 /policy-topics）", examples=[1]
    )
    page: Annotated[int, Field(ge=1, le=MAX_PAGE), Strict(), BeforeValidator(_page_number)] = Field(
        1, description=f"第几页（每页{PAGE_SIZE}条）", examples=[1]
    )


class PolicySummary(BaseModel):
    id: int = Field(examples=[1])
    title: str = Field(examples=["退役军人创业担保贷款及贴息办理办法"])
    doc_number: str | None = Field(description="文号", examples=["示退役发〔2026〕9号"])
    issuer: str = Field(description="发文机关", examples=["示范市退役军人事务局"])
    published_on: Day = Field(description="发文日期")
    expires_on: Day | None = Field(description="失效日期（最后一天有效）；长期有效为 null")
    summary: str = Field(description="摘要")
    topics: list[str] = Field(description="所属专题", examples=[["就业创业"]])
    url: str = Field(description="公开页面（可在小程序 web-view 中打开）")

    @classmethod
    def of(cls, article, url):
        return cls(
            **{name: getattr(article, name) for name in ("id", "title", "doc_number", "issuer", "summary")},
            published_on=article.published_on,
            expires_on=article.expires_on,
            topics=[topic.name for topic in article.topics],
            url=url,
        )


class PolicyPage(BaseModel):
    """现行政策：有 q 时按相关程度排列，否则由新到旧"""

    items: list[PolicySummary] = Field(max_length=PAGE_SIZE)
    total: int = Field(description="共有多少条")
    page: int = Field(description="当前页")
    pages: int = Field(description="共多少页")


class PolicyFile(BaseModel):
    id: int
    filename: str = Field(examples=["通知原文.pdf"])
    size: int = Field(description="字节数")
    url: str = Field(description="下载地址（PDF）")


class Policy(PolicySummary):
    """一篇已发布的政策（含已失效的：in_force 为 false）"""

    effective_on: Day | None = Field(description="生效日期")
    in_force: bool = Field(description="是否现行有效（已发布且未过失效日期）")
    station: str | None = Field(description="适用站点（及其下级）；全市适用为 null")
    categories: list[str] = Field(description="适用的人员类别；空表示所有人", examples=[["退役士兵"]])
    body_html: str = Field(description="正文（已净化的 HTML）")
    source_url: str | None = Field(description="原文链接")
    attachments: list[PolicyFile]


class PolicyTopic(Record):
    id: int = Field(examples=[1])
    name: str = Field(examples=["就业创业"])


class PolicyTopicList(BaseModel):
    """在用的政策专题"""

    items: list[PolicyTopic]


INPUTS, OUTPUTS = [], [PolicyPage, Policy, PolicyTopicList]
