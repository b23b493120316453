import re

from server.api.openapi import DOCUMENT


def test_the_docs_page_describes_every_operation_and_schema_in_chinese(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    for path, methods in DOCUMENT["paths"].items():
        for method, spec in methods.items():
            assert f'<span class="method {method}">{method.upper()}</span> <code>/api/v1{path}</code>' in html
            assert f'id="{spec["operationId"]}"' in html
            assert spec["summary"] in html
    for name in DOCUMENT["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert "请求示例" in html and "Authorization: Bearer &lt;token&gt;" in html
    assert "纬度（WGS-84，-90 到 90）" in html  # a parameter of GET /stations/nearest
    assert "consent_version" in html and "可选值：陆军" in html
    assert "/api/v1/requests/2026-0000001/attachments" in html  # path parameters filled in the example
    assert "-F &#39;file=@&lt;文件路径&gt;&#39;" in html and "multipart/form-data，结构见" in html


def test_the_docs_page_needs_nothing_from_outside(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"#]+)"', html)
    assert assets and all(url.startswith("/api/v1/") for url in assets)
    assert "<script" not in html and "style=" not in html  # the CSP allows neither inline
    for url in assets:
        assert client.get(url).status_code == 200
