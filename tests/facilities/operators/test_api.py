"""``/api/facilities/operators/``: list, register, read, correct."""

from __future__ import annotations

import pytest

from minzheng.facilities import messages
from tests.facilities.conftest import Providers
from tests.facilities.factories import USCC_C
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_register_list_read_and_correct(personas: Personas, providers: Providers, api) -> None:  # type: ignore[no-untyped-def]
    client = api(personas.anji_officer)
    response = client.post("/api/facilities/operators/",
                           {"name": "安吉县康养中心", "uscc": USCC_C, "region_code": "330523000000"}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert {o["name"] for o in client.get("/api/facilities/operators/").json()["results"]} == {
        "安吉县康养中心", providers.a.name}
    assert client.get(f"/api/facilities/operators/{providers.b.pk}/").status_code == 404
    assert client.patch(f"/api/facilities/operators/{pk}/", {"name": "安吉康养"}, format="json").json()["name"] == "安吉康养"


def test_errors_are_chinese_and_writing_needs_the_permission(personas: Personas, api) -> None:  # type: ignore[no-untyped-def]
    response = api(personas.anji_officer).post("/api/facilities/operators/", {
        "name": "x", "uscc": USCC_C[:-1] + "0", "region_code": "330523000000"}, format="json")
    assert response.status_code == 400 and response.json() == {"uscc": [messages.OPERATOR_USCC_CHECKSUM]}
    assert api(personas.aishan_officer).post("/api/facilities/operators/", {
        "name": "x", "uscc": USCC_C, "region_code": "330502003000"}, format="json").status_code == 403
