"""政策库: PDF attachments uploaded in the console, downloaded there and on the public page."""

import io

from models import PolicyAttachment, db
from tests.support.network import csrf_token, login
from tests.support.policies import PDF, write_article


def _upload(client, article, data, filename):
    token = csrf_token(client.get(f"/console/policies/{article.id}").get_data(as_text=True))
    return client.post(
        f"/console/policies/{article.id}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_a_pdf_is_uploaded_and_downloaded_with_its_name(client, network):
    article = write_article(network)
    db.session.commit()
    login(client, "broadcaster_c")
    assert _upload(client, article, PDF, "体检通知.pdf").status_code == 302
    attachment = db.session.scalars(db.select(PolicyAttachment)).one()
    download = client.get(f"/console/policies/{article.id}/attachments/{attachment.id}")
    assert download.data == PDF and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "%E4%BD%93%E6%A3%80%E9%80%9A%E7%9F%A5.pdf" in download.headers["Content-Disposition"]


def test_a_file_that_is_not_a_pdf_is_refused_in_chinese(client, network):
    article = write_article(network)
    db.session.commit()
    login(client, "broadcaster_c")
    refused = _upload(client, article, b"<html><script>alert(1)</script></html>", "通知.pdf")
    assert refused.status_code == 400
    assert "附件只能是PDF文件" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(PolicyAttachment.id)) is None


def test_an_attachment_is_removed(client, network):
    article = write_article(network, pdf=True)
    db.session.commit()
    attachment_id = article.attachments[0].id
    login(client, "broadcaster_c")
    token = csrf_token(client.get(f"/console/policies/{article.id}").get_data(as_text=True))
    url = f"/console/policies/{article.id}/attachments/{attachment_id}/remove"
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    assert db.session.get(PolicyAttachment, attachment_id) is None


def test_a_draft_attachment_is_not_public_until_the_article_is(client, network):
    draft = write_article(network, pdf=True)
    published = write_article(network, title="已发布", pdf=True, published=True)
    db.session.commit()
    assert client.get(f"/policies/{draft.id}/attachments/{draft.attachments[0].id}").status_code == 404
    # another article's attachment under a published article's address
    assert client.get(f"/policies/{published.id}/attachments/{draft.attachments[0].id}").status_code == 404
    public = client.get(f"/policies/{published.id}/attachments/{published.attachments[0].id}")
    assert public.status_code == 200 and public.data == PDF
    assert public.headers["Content-Disposition"].startswith("attachment")
