"""The demo's policy library (`flask seed demo`): its topics and articles, once, and what they show."""

from sqlalchemy import func, select

from models import PolicyArticle, PolicyTopic, db
from server.operations.policies.library import articles_in_force, today
from server.seeds.policies import ARTICLES, TOPICS


def test_the_demo_seeds_the_topics_and_a_dozen_articles_once(app, app_ctx):
    first = app.test_cli_runner().invoke(args=["seed", "demo"])
    second = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert "Wrote 12 demo policies" in first.output and "demo policies" not in second.output
    assert db.session.scalars(select(PolicyTopic.name).order_by(PolicyTopic.sort)).all() == list(TOPICS)
    assert db.session.scalar(select(func.count()).select_from(PolicyArticle)) == len(ARTICLES) == 12


def test_the_demo_shows_an_expired_article_a_draft_and_the_rest_in_force(app, app_ctx, client):
    app.test_cli_runner().invoke(args=["seed", "demo"])
    articles = db.session.scalars(select(PolicyArticle)).all()
    expired = [a for a in articles if a.expired(today())]
    drafts = [a for a in articles if a.state == "draft"]
    assert len(drafts) == 1 and "年度确认" in " ".join(a.title for a in expired)
    in_force = db.session.scalars(articles_in_force()).all()
    assert set(in_force) == set(articles) - set(drafts) - set(expired) and len(in_force) >= 8
    assert "已失效" in client.get(f"/policies/{expired[0].id}").get_data(as_text=True)
    for article in in_force:
        assert "<script" not in article.body_html and article.topics
