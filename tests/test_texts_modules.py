"""Chinese that the operations and the chat handlers say lives in their texts modules (the texts.py
of each package): outside them, no sentence is built in an f-string, raised in an exception or
returned as a literal. Words the code reads (keywords, column synonyms) and the names of stored
values may stay beside their code."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("server/operations", "handlers")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def modules():
    return sorted(p for part in PARTS for p in (ROOT / part).rglob("*.py") if p.name != "texts.py")


def chinese(node):
    return any(
        isinstance(n, ast.Constant) and isinstance(n.value, str) and CJK.search(n.value)
        for n in ast.walk(node)
    )


def patterns(tree):
    """The nodes inside re.compile(...): what the code reads, not what it says."""
    calls = (n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "re.compile")
    return {id(inner) for call in calls for arg in call.args for inner in ast.walk(arg)}


def sentences_outside_texts(tree):
    skipped = patterns(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.JoinedStr) and chinese(node):
            yield node.lineno, "f-string"
        elif isinstance(node, ast.Raise) and node.exc is not None and chinese(node.exc):
            yield node.lineno, "raised"
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Constant) and chinese(node.value):
            yield node.lineno, "returned"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_chinese_sentence_is_written_outside_a_texts_module(path):
    assert list(sentences_outside_texts(ast.parse(path.read_text()))) == []


def test_the_check_finds_a_sentence_written_in_place():
    code = """
def f(n):
    if n:
        raise ValueError("不对")
    return f"第{n}条"
PATTERN = re.compile(f"第{n}")
"""
    assert list(sentences_outside_texts(ast.parse(code))) == [(4, "raised"), (5, "f-string")]
