"""jieba's words for policy search: what an article is found by, what a question looks for."""

from server.operations.policies.words import MOST_WORDS, index_words, question_words, search_text


def test_a_question_looks_for_its_subject_not_its_filler():
    assert question_words("就业政策") == ["就业"]
    assert question_words("优待证怎么办") == ["优待证"]
    assert question_words("政策 医保") == ["医保", "医疗"]
    assert question_words("抚恤金什么时候发") == ["抚恤金", "抚恤"]
    assert question_words("创业贷款") == ["创业", "贷款"]
    assert question_words("政策") == ["政策"]  # filler alone is looked for as it is
    assert question_words("？？ ]]> <script>") == ["script"]


def test_an_article_is_found_by_the_shorter_words_inside_its_long_ones():
    words = index_words("退役军人优待证申领指南")
    assert {"退役军人", "军人", "优待证", "优待", "申领"} <= set(words)


def test_the_search_text_has_three_lines_of_plain_words():
    stored = search_text(
        "创业担保贷款",
        ["就业创业"],
        "最高30万元，按规定贴息。",
        "<h2>办理流程</h2><p>向服务站&amp;人社部门申请</p>",
    )
    head, summary, body = stored.split("\n")
    assert head.split() == ["创业", "担保", "贷款", "就业", "创业"]  # the title, then the topic
    assert "30" in summary.split() and "贴息" in summary.split()
    assert "服务站" in body.split() and "h2" not in body.split() and "amp" not in body.split()
    assert all(word.isalnum() for word in stored.split())


def test_a_very_long_body_is_cut_to_what_a_tsvector_can_place():
    stored = search_text("标题", [], "摘要", "<p>" + "退役军人服务站 " * 10_000 + "</p>")
    assert len(stored.split()) <= MOST_WORDS
