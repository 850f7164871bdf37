"""``/api/schema/`` and ``/api/docs/``: the OpenAPI document, and Swagger UI under the CSP."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client

from minzheng.core import messages as core_messages

pytestmark = pytest.mark.django_db


class Scripts(HTMLParser):
    """Collects each <script>'s src and inline text, and any inline <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str]] = []
        self.styles = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append({"src": dict(attrs).get("src") or "", "text": ""})
            self._in_script = True
        elif tag == "style":
            self.styles += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1]["text"] += data


@pytest.fixture
def schema() -> dict:
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert {"/api/people/", "/api/people/{id}/reveal/", "/api/households/{id}/members/move/", "/api/audit/",
            "/api/audit/access/", "/api/regions/", "/api/auth/token/"} <= set(schema["paths"])


def test_schema_generates_without_warnings_and_validates(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))


def test_schema_documents_chinese_errors(schema):
    create = schema["paths"]["/api/people/"]["post"]["responses"]
    examples = create["400"]["content"]["application/json"]["examples"]
    assert {"id_number": [core_messages.ID_NUMBER_BAD_CHECKSUM]} in [e["value"] for e in examples.values()]
    assert {"400", "401", "403", "404"} <= set(create)
    assert schema["paths"]["/api/people/{id}/"]["get"]["responses"]["404"]["description"].startswith("记录不存在")


def test_audit_routes_are_read_only_in_the_schema(schema):
    assert set(schema["paths"]["/api/audit/"]) == {"get"}
    assert set(schema["paths"]["/api/audit/access/"]) == {"get"}


def test_schema_offers_token_and_session_auth(schema):
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_docs_page_has_no_inline_script_or_style():
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    parser = Scripts()
    parser.feed(response.content.decode())
    assert parser.scripts and all(s["src"] and not s["text"].strip() for s in parser.scripts)
    assert parser.styles == 0
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_docs_script_and_vendored_files_answer_200():
    page = Client().get("/api/docs/").content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    script_url = next(u for u in urls if "script" in u and u.startswith("/api/docs/"))
    script = Client().get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content and b"/api/schema/" in script.content
    vendored = [u for u in urls if u.startswith("/static/vendor/swagger-ui/")]
    assert len(vendored) == 4  # bundle, preset, css, favicon
    for url in vendored:
        response = Client().get(url)
        response.close()  # a streamed file: close it, or the open handle is a ResourceWarning
        assert response.status_code == 200, url
