"""The rank computed in Python (for SQLite) is PostgreSQL's ts_rank to the last bit."""

import pytest
from sqlalchemy import select, text

from models import PolicyArticle
from server.operations.policies.ranking import f32, rank
from server.operations.policies.words import question_words

QUESTIONS = (
    "就业政策",
    "优待证怎么办",
    "政策 医保",
    "抚恤金什么时候发",
    "创业贷款",
    "服务站 办理 材料 退役军人",
)


def test_a_word_in_the_title_counts_more_than_in_the_summary_and_more_than_in_the_body():
    assert (
        rank("优待证 申领\n\n", ["优待证"])
        > rank("申领\n优待证\n", ["优待证"])
        > rank("\n\n优待证", ["优待证"])
    )
    assert rank("优待证\n\n", ["优待证", "火星"]) == f32(rank("优待证\n\n", ["优待证"]) / 2)
    assert rank("优待证\n\n", []) == 0 and rank("\n\n", ["优待证"]) == 0


def test_more_occurrences_count_less_and_less():
    once, twice, often = (rank("\n\n" + " ".join(["抚恤"] * n), ["抚恤"]) for n in (1, 2, 300))
    assert once < twice < often < 2 * once


def test_python_and_postgresql_rank_every_demo_article_alike(app, db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("ts_rank is PostgreSQL's")
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    ranked = text(
        "SELECT ts_rank(search_vector, to_tsquery('simple', :q))::float8 FROM policy_article WHERE id = :id"
    )
    compared = 0
    for question in QUESTIONS:
        words = question_words(question)
        for article in db.session.scalars(select(PolicyArticle)):
            expected = db.session.scalar(ranked, {"id": article.id, "q": " | ".join(words)})
            assert rank(article.search_text, words) == expected, (question, article.title)
            compared += 1
    assert compared >= 60
