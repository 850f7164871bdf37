"""Every refusal the API can give is JSON with a Chinese message, DRF's own included."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from rest_framework import exceptions

from minzheng.core import messages
from minzheng.core.api import messages as api_messages
from minzheng.core.api.errors import exception_handler
from tests.personas import MY_VILLAGE

HAN = re.compile(r"[\u4e00-\u9fff]")

DRF_EXCEPTIONS = [
    exceptions.ParseError("JSON parse error - Expecting value: line 1 column 1 (char 0)"),
    exceptions.NotFound(),
    exceptions.MethodNotAllowed("PUT"),
    exceptions.NotAuthenticated(),
    exceptions.AuthenticationFailed(),
    exceptions.PermissionDenied(),
    exceptions.Throttled(wait=30),
    exceptions.UnsupportedMediaType("text/plain"),
    exceptions.NotAcceptable(),
    Http404(),
    DjangoPermissionDenied(),
]


@pytest.mark.parametrize("exc", DRF_EXCEPTIONS, ids=lambda e: type(e).__name__)
def test_every_drf_refusal_is_chinese(exc):
    with translation.override("zh-hans"):
        response = exception_handler(exc, {})
    assert response is not None
    detail = str(response.data["detail"])
    assert HAN.search(detail), detail
    assert "parse error" not in detail and "Expecting value" not in detail


def test_throttled_says_how_long_to_wait_in_chinese():
    with translation.override("zh-hans"):
        response = exception_handler(exceptions.Throttled(wait=30), {})
    assert response.status_code == 429 and "30" in response.data["detail"] and "限流" in response.data["detail"]


def test_django_validation_error_is_keyed_by_field():
    response = exception_handler(DjangoValidationError({"id_number": [messages.ID_NUMBER_BAD_CHECKSUM]}), {})
    assert response.status_code == 400 and response.data == {"id_number": [messages.ID_NUMBER_BAD_CHECKSUM]}


def test_django_validation_error_without_field_goes_under_non_field_errors():
    response = exception_handler(DjangoValidationError("出错了"), {})
    assert response.data == {"non_field_errors": ["出错了"]}


@pytest.mark.django_db
class TestOverHttp:
    def test_malformed_json(self, api):
        response = api("village_worker").generic("POST", "/api/people/", b"{", content_type="application/json")
        assert (response.status_code, response.json()) == (400, {"detail": api_messages.PARSE_ERROR})

    def test_method_not_allowed(self, api):
        response = api("village_worker").put("/api/people/", {}, format="json")
        assert response.status_code == 405
        assert response.json() == {"detail": "方法 “PUT” 不被允许。"}

    def test_unsupported_media_type(self, api):
        response = api("village_worker").generic("POST", "/api/people/", b"name=x", content_type="text/plain")
        assert response.status_code == 415
        assert HAN.search(response.json()["detail"])

    def test_not_acceptable(self, api):
        response = api("village_worker").get("/api/people/", HTTP_ACCEPT="application/xml")
        assert response.status_code == 406
        assert HAN.search(response.json()["detail"])

    def test_required_and_type_errors(self, api, mine):
        response = api("village_worker").post(f"/api/households/{mine.household.pk}/members/",
                                              {"person": True}, format="json")
        assert response.status_code == 400
        body = response.json()
        assert set(body) == {"person", "relationship"}
        assert all(HAN.search(m) for messages_ in body.values() for m in messages_)

    def test_page_size_beyond_the_maximum_is_capped_not_refused(self, api, mine):
        assert api("village_worker").get("/api/people/", {"page_size": 10_000}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/people/abc/", "/api/households/1/members/x/", "/api/people/1/\n2/",
                                  "/api/regions/1/2/3/"])
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_unknown_paths_under_the_api_answer_json_404(api, path, method):
    response = getattr(api("city_admin"), method)(path)
    assert response.status_code == 404
    assert response.json() == {"detail": messages.NOT_FOUND}


@pytest.mark.django_db
def test_missing_trailing_slash_still_redirects(api):
    response = api("city_admin").get("/api/people")
    assert response.status_code == 301 and response["Location"] == "/api/people/"


@pytest.mark.django_db
def test_messages_stay_chinese_for_a_client_that_prefers_english(api, mine):
    client = api("village_worker")
    wrong_type = client.post("/api/people/", {"id_number": "x", "name": ["a"], "region_code": MY_VILLAGE},
                             format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert wrong_type.json()["name"] == ["不是有效的字符串。"]
    assert client.put("/api/people/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en").json() == {
        "detail": "方法 “PUT” 不被允许。"}
    signed_out = api("anonymous").get("/api/people/", HTTP_ACCEPT_LANGUAGE="en")
    assert signed_out.json() == {"detail": messages.NOT_AUTHENTICATED}
    token = api("anonymous").post("/api/auth/token/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert token.json()["username"] == [api_messages.USERNAME_REQUIRED]


@pytest.mark.django_db
def test_options_describes_the_endpoint(api, personas):
    response = api("city_admin").options("/api/people/")
    assert response.status_code == 200
    assert "id_number" in response.json()["actions"]["POST"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/nope/", "/api/", "/api/people/abc/", "/api/schema/x", "/api/docs/nope"])
def test_unknown_paths_answer_json_404_with_debug_on_too(api, settings, path):
    # The demo runs with MINZHENG_DEBUG=true, where Django's own 404 page is HTML.
    settings.DEBUG = True
    for method in ("get", "post"):
        response = getattr(api("city_admin"), method)(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": messages.NOT_FOUND}


@pytest.mark.django_db
def test_the_trailing_slash_redirect_says_where_in_json(api):
    response = api("city_admin").get("/api/people")
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": api_messages.USE_TRAILING_SLASH.format(location="/api/people/")}


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "url", "parameter"), [
    ("village_worker", "/api/people/?page_size=null", "page_size"),
    ("village_worker", "/api/people/?page_size=0", "page_size"),
    ("village_worker", "/api/people/?page_size=-3", "page_size"),
    ("village_worker", "/api/people/?page_size=", "page_size"),
    ("village_worker", "/api/households/?page_size=abc", "page_size"),
    ("city_admin", "/api/regions/?page_size=null", "page_size"),
    ("auditor", "/api/audit/?until=", "until"),
    ("auditor", "/api/audit/access/?since=", "since"),
    ("auditor", "/api/audit/?until=2024-13-01", "until"),
    ("city_admin", "/api/doorplates/?until=", "until"),
])
def test_invalid_query_parameters_are_refused_naming_the_parameter(api, persona, url, parameter):
    response = api(persona).get(url)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [parameter]
    assert all(HAN.search(m) for m in body[parameter])
