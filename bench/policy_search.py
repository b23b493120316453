"""Benchmark of policy search (政策查询) at 10,000 articles on PostgreSQL.

    .venv/bin/python bench/policy_search.py [--reuse] [--articles 10000] [--runs 30]

The database `veterans_bench_policies` is dropped, created and migrated, seeded with `flask seed demo`
(the demo network, topics and a dozen articles) and then with generated articles: each a variant of a
demo article (its title with a district and a suffix, its topics and categories) whose summary and
body are sentences drawn from every demo article, so a word like 服务站 is in nearly all of them and
优待证 in a realistic share; one in ten is for a district's subtree, one in ten has expired. Their
search text is made by the same jieba code as on save.

Measured for each question, p50/p95/max of `runs` calls: in this process, `search_articles` (the
chat's first page of five) for nobody and for a registered veteran of a village, against the same
question answered the SQLite way (LIKE over the search text, ranked in Python) on the same database;
over HTTP from gunicorn (2 workers), `GET /api/v1/policies?q=` against `GET /healthz`. Target: the
search's p95 under 100 ms.
"""

import argparse
import html
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import psycopg
import requests
from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from bench.harness import PG_SERVER, app_env, count_rows, gunicorn, print_machine, run_flask  # noqa: E402
from models import PolicyArticle, PolicyTopic, Station, VeteranCategory, db  # noqa: E402
from models.policy import policy_article_category, policy_article_topic  # noqa: E402
from server import create_app  # noqa: E402
from server.config import Config  # noqa: E402
from server.operations.policies import search  # noqa: E402
from server.operations.policies.words import search_text  # noqa: E402
from server.seeds.policies import ARTICLES  # noqa: E402

DATABASE = "veterans_bench_policies"
REDIS_URL = "redis://127.0.0.1:6379/11"  # --redis to change
TARGET_MS = 100
OPTIONS = {"redis": REDIS_URL}
QUESTIONS = (
    "就业政策",
    "优待证怎么办",
    "政策 医保",
    "抚恤金什么时候发",
    "创业贷款",
    "住房困难",
    "法律援助怎么申请",
    "子女教育优待",
    "临时救助",
    "服务站",  # in nearly every article: the worst case
    "火星移民",  # in none
)
PLACES = ("示范市", "西湖区", "拱墅区", "北山街道", "西溪街道", "西湖村", "翠苑社区", "")
SUFFIXES = ("", "（修订）", "实施细则", "办理指引", "问答", "解读", "补充通知")


def generate(count, seed=20261204):
    """`count` article rows (dicts) and their topics and categories, from the demo's words."""
    rng = random.Random(seed)
    families = [values for values in ARTICLES if not values["draft"]]
    sentences = [s for values in ARTICLES for s in _sentences(values["summary"] + values["body_html"])]
    for number in range(count):
        family = rng.choice(families)
        title = f"{rng.choice(PLACES)}{family['title']}{rng.choice(SUFFIXES)}"[:200]
        summary = rng.choice(sentences)
        body = "".join(f"<p>{html.escape(s)}。</p>" for s in rng.sample(sentences, rng.randint(4, 12)))
        published = date(2024, 1, 1) + timedelta(days=rng.randrange(1000))
        expired = rng.random() < 0.1
        yield {
            "title": title,
            "summary": summary,
            "body_html": body,
            "published_on": published,
            "expires_on": date(2025, 6, 30) if expired else None,
            "topics": family["topics"],
            "categories": family["categories"],
            "local": rng.random() < 0.1,
            "doc_number": f"示退役发〔{published.year}〕{number + 100}号",
            "issuer": family["issuer"],
        }


def _sentences(markup):
    plain = re.sub(r"<[^>]+>", "。", markup)
    return [s.strip() for s in re.split(r"[。；]", plain) if len(s.strip()) >= 6]


def seed(env, count):
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    run_flask(env, "db", "upgrade")
    run_flask(env, "seed", "demo")
    started = time.monotonic()
    with _app().app_context():
        _insert(list(generate(count)))
        db.session.commit()
    with psycopg.connect(f"{PG_SERVER}/{DATABASE}", autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"seeded {count} articles in {time.monotonic() - started:.0f} s")


def _insert(rows):
    topics = dict(db.session.execute(select(PolicyTopic.name, PolicyTopic.id)).all())
    categories = dict(db.session.execute(select(VeteranCategory.name, VeteranCategory.id)).all())
    districts = db.session.scalars(select(Station.id).where(Station.level == "county")).all()
    first = (db.session.scalar(select(func.max(PolicyArticle.id))) or 0) + 1
    articles, topic_rows, category_rows = [], [], []
    for ident, row in enumerate(rows, start=first):
        articles.append(
            {
                **{k: row[k] for k in ("title", "summary", "body_html", "published_on", "expires_on")},
                **{"id": ident, "doc_number": row["doc_number"], "issuer": row["issuer"]},
                "state": "published",
                "station_id": random.Random(ident).choice(districts) if row["local"] else None,
                "search_text": search_text(row["title"], row["topics"], row["summary"], row["body_html"]),
            }
        )
        topic_rows += [{"article_id": ident, "topic_id": topics[name]} for name in row["topics"]]
        category_rows += [{"article_id": ident, "category_id": categories[n]} for n in row["categories"]]
    db.session.execute(insert(PolicyArticle), articles)
    db.session.execute(insert(policy_article_topic), topic_rows)
    db.session.execute(insert(policy_article_category), category_rows)
    db.session.execute(
        text("SELECT setval(pg_get_serial_sequence('policy_article', 'id'), max(id)) FROM policy_article")
    )


def _app():
    return create_app(Config.from_env(app_env(f"{PG_SERVER}/{DATABASE}", OPTIONS["redis"])))


def timed(call, runs):
    call()  # warm: the plan cache, jieba's dictionary
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times):
    p95 = statistics.quantiles(times, n=20)[-1]
    return f"{statistics.median(times):7.1f} {p95:7.1f} {max(times):7.1f}", p95


def in_process(runs):
    print("\nIn process: search_articles(q, limit=5); baseline: the SQLite way (LIKE, ranked in Python)")
    print(f"{'question':<16} {'found':>6} | {'nobody p50/p95/max ms':>23} | {'veteran':>23} | {'LIKE':>23}")
    worst = 0.0
    with _app().app_context():
        village = db.session.scalar(select(Station).filter_by(code="330106001001"))
        veteran = search.Asker(station=village, category_id=1)
        for question in QUESTIONS:
            found = search.search_articles(question, limit=5).total
            nobody, p95a = summary(timed(lambda q=question: _search(q, search.Asker()), runs))
            known, p95b = summary(timed(lambda q=question: _search(q, veteran), runs))
            like, _ = summary(timed(lambda q=question: _like(q), max(runs // 5, 3)))
            worst = max(worst, p95a, p95b)
            print(f"{question:<16} {found:>6} | {nobody} | {known} | {like}")
    return worst


def _search(question, asker):
    search.search_articles(question, asker, limit=5)
    db.session.rollback()


def _like(question):
    words = search.question_words(question)
    search._ranked_here(search._candidates(search.Asker(), None), words, search.Asker(), 0, 5)
    db.session.rollback()


def over_http(env, runs):
    print("\nOver HTTP (gunicorn, 2 workers): GET /api/v1/policies?q= ; baseline GET /healthz")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder, gunicorn(env, 2, Path(folder) / "gunicorn.log") as (url, _):
        session = requests.Session()
        health, _ = summary(timed(lambda: session.get(f"{url}/healthz", timeout=10), runs))
        print(f"{'/healthz':<16} {'':>6} | {health}")
        for question in QUESTIONS:
            answer = session.get(f"{url}/api/v1/policies", params={"q": question}, timeout=30)
            assert answer.status_code == 200, answer.text
            call = lambda q=question: session.get(f"{url}/api/v1/policies", params={"q": q}, timeout=30)  # noqa: E731
            figures, p95 = summary(timed(call, runs))
            worst = max(worst, p95)
            print(f"{question:<16} {answer.json()['total']:>6} | {figures}")
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--redis", default=REDIS_URL)
    options = parser.parse_args()
    OPTIONS["redis"] = options.redis
    env = app_env(f"{PG_SERVER}/{DATABASE}", options.redis)
    print_machine(DATABASE)
    if not options.reuse or count_rows(f"{PG_SERVER}/{DATABASE}", "policy_article") < options.articles:
        seed(env, options.articles)
    print(f"articles: {count_rows(f'{PG_SERVER}/{DATABASE}', 'policy_article')}")
    worst = max(in_process(options.runs), over_http(env, options.runs))
    verdict = "under" if worst < TARGET_MS else "OVER"
    print(f"\nworst search p95: {worst:.1f} ms, {verdict} the {TARGET_MS} ms target")


if __name__ == "__main__":
    main()
