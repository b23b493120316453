"""Chinese words for policy search: jieba cuts an article into the words it is found by (its search
text) and a question into the words looked for.

The search text is three lines of words separated by single spaces: the title and topics (weight A),
the summary (B), the body (C). Only runs of Chinese characters or of lowercase letters and digits
are kept, so PostgreSQL's parser reads each word as one token, exactly as `ranking.rank` counts them.
jieba's dictionary loads once per process, on first use, from the package itself (no network).
"""

import html
import re
import threading

import jieba
import nh3

WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
LONGEST_WORD = 64
MOST_WORDS = 8000  # positions in PostgreSQL's tsvector stop at 16383; well below, none is lost
# Words of a question that say nothing of its subject ("优待证怎么办" looks for 优待证).
FILLER = frozenset(
    {
        *("政策", "怎么", "怎么办", "怎样", "如何", "什么", "时候", "哪里", "哪些", "多少", "是否"),
        *("可以", "能否", "能不能", "有没有", "没有", "请问", "咨询", "了解", "一下", "知道", "查询"),
        *("相关", "有关", "规定", "问题", "关于", "我们", "我的", "自己", "现在", "需要", "想要"),
        *("办理", "申请", "享受", "哪个", "这个", "那个"),
    }
)
# What people say for what articles write: 医保 is written 医疗保险 or 医疗保障.
ALIASES = {
    "医保": ("医疗",),
    "社保": ("社会保险", "养老"),
    "抚恤金": ("抚恤",),
    "补贴": ("补助",),
    "补助": ("补贴",),
    "看病": ("医疗",),
    "找工作": ("就业",),
    "上学": ("教育", "入学"),
    "房子": ("住房",),
    "打官司": ("法律援助",),
    "律师": ("法律援助",),
}

_tokenizer = jieba.Tokenizer()
_loading = threading.Lock()


def _segmenter():
    if not _tokenizer.initialized:
        with _loading:
            if not _tokenizer.initialized:
                jieba.setLogLevel("WARNING")
                _tokenizer.initialize()
    return _tokenizer


def index_words(text):
    """The words an article is found by: jieba's search mode, which adds the shorter words inside a
    long one (优待证 also gives 优待), so a question worded differently still meets it."""
    return _clean(_segmenter().cut_for_search((text or "").lower()))


def question_words(query):
    """The words a question looks for: its words less filler and single characters, each with its
    aliases. A question of filler alone ("政策") looks for its words as they are."""
    words = _clean(_segmenter().cut((query or "").lower()))
    wanted = [word for word in words if len(word) > 1 and word not in FILLER]
    if not wanted:
        wanted = [word for word in words if len(word) > 1]
    expanded = []
    for word in wanted:
        expanded += [word, *ALIASES.get(word, ())]
    return list(dict.fromkeys(expanded))


def search_text(title, topics, summary, body_html):
    """The stored search text of an article (three lines: title and topics, summary, body)."""
    head = index_words(" ".join([title, *topics]))
    middle = index_words(summary)
    body = index_words(html.unescape(nh3.clean(body_html or "", tags=set())))
    body = body[: max(MOST_WORDS - len(head) - len(middle), 0)]
    return "\n".join(" ".join(words) for words in (head, middle, body))


def _clean(pieces):
    words = []
    for piece in pieces:
        words += [word for word in WORD.findall(piece) if len(word) <= LONGEST_WORD]
    return words
