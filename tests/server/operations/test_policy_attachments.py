import pytest

from server.operations.core.audit import Actor
from server.operations.core.errors import DomainError, NotFound
from server.operations.policies.attachments import MAX_BYTES, attach_pdf, attachment_of, remove_attachment
from tests.support.policies import PDF, write_article

ACTOR = Actor.system("test")


def test_a_pdf_is_kept_under_a_safe_name(network):
    article = write_article(network)
    attachment = attach_pdf(article, '../通知"原文.PDF', PDF, ACTOR)
    assert attachment.filename == "..通知原文.pdf" and attachment.size == len(PDF)
    assert attachment_of(article, attachment.id).data == PDF


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "只能是PDF"),
        (b"<html><script>alert(1)</script></html>", "只能是PDF"),
        (b"", "空文件"),
        (b"%PDF-1.4" + b"0" * MAX_BYTES, "不能超过10MB"),
    ],
)
def test_anything_but_a_pdf_within_the_limit_is_refused(network, data, message):
    with pytest.raises(DomainError, match=message):
        attach_pdf(write_article(network), "通知.pdf", data, ACTOR)


def test_another_articles_attachment_is_not_found(network):
    first, second = write_article(network, pdf=True), write_article(network, title="另一篇")
    with pytest.raises(NotFound):
        remove_attachment(second, first.attachments[0].id, ACTOR)
    remove_attachment(first, first.attachments[0].id, ACTOR)
    assert first.attachments == []
