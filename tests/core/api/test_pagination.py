"""Keyset pages of the registry: (region_code, id) order, every row once, forward and back."""

from __future__ import annotations

import pytest

from minzheng.core.api import messages as api_messages
from minzheng.people.models import Person
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(personas):  # type: ignore[no-untyped-def]
    # Interleaved ids across villages, as real registrations arrive.
    for _ in range(7):
        for village in (NEIGHBOUR_VILLAGE, MY_VILLAGE, OTHER_COUNTY_VILLAGE):
            PersonFactory(region_code=village)
    return Person.objects.all()


def walk(client, url):  # type: ignore[no-untyped-def]
    pages, bodies = [], []
    while url:
        body = client.get(url).json()
        bodies.append(body)
        pages.append([row["id"] for row in body["results"]])
        url = body["next"]
    return pages, bodies


def test_pages_cover_the_scope_once_in_region_then_id_order(api, people):  # type: ignore[no-untyped-def]
    pages, bodies = walk(api("aishan_officer"), "/api/people/?page_size=4")
    ids = [pk for page in pages for pk in page]
    expected = list(Person.objects.filter(region_code__in=[MY_VILLAGE, NEIGHBOUR_VILLAGE])
                    .order_by("region_code", "id").values_list("id", flat=True))
    assert ids == expected and len(ids) == 14
    assert [len(page) for page in pages] == [4, 4, 4, 2]
    assert bodies[0]["previous"] is None and bodies[-1]["next"] is None


def test_previous_goes_back_a_page(api, people):  # type: ignore[no-untyped-def]
    client = api("aishan_officer")
    first = client.get("/api/people/?page_size=4").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    back = client.get(third["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in second["results"]]
    again = client.get(back["previous"]).json()
    assert [r["id"] for r in again["results"]] == [r["id"] for r in first["results"]]
    assert again["previous"] is None


def test_households_page_the_same_way(api, world):  # type: ignore[no-untyped-def]
    pages, _ = walk(api("city_admin"), "/api/households/?page_size=1")
    codes = [pk for page in pages for pk in page]
    assert len(codes) == len(set(codes)) >= 2


@pytest.mark.parametrize("cursor", ["not-base64!", "cD14", "cD0zMzA1MDI6eA=="])  # junk, p=x, p=330502:x
def test_a_bad_cursor_is_404(api, people, cursor):  # type: ignore[no-untyped-def]
    response = api("aishan_officer").get(f"/api/people/?cursor={cursor}")
    assert response.status_code == 404
    assert response.json() == {"detail": api_messages.INVALID_CURSOR}
