"""Signed-in pages and API answers carry personal data: no browser or proxy may keep them."""

from __future__ import annotations

from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.personas import MY_VILLAGE, Personas
from tests.places.factories import AddressFactory, DoorplateFactory


def test_signed_in_pages_are_not_stored(personas: Personas, client: Client) -> None:
    client.force_login(personas.village_worker)
    for url in ("/", "/people/", "/people/households/", "/audit/"):
        response = client.get(url)
        assert response.status_code in (200, 403), url
        assert "no-store" in response["Cache-Control"], url


def test_api_answers_to_a_token_are_not_stored(personas: Personas) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=personas.wuxing_officer).key}")
    for url in ("/api/people/", "/api/households/", "/api/regions/330502000000/"):
        response = api.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_a_response_that_sets_its_own_caching_keeps_it(personas: Personas, client: Client) -> None:
    # A plate's QR image names no person: it keeps its own five minutes in the browser.
    plate = DoorplateFactory(address=AddressFactory(region_code=MY_VILLAGE))
    client.force_login(personas.village_worker)
    response = client.get(f"/places/doorplates/{plate.pk}/qr.svg")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"


def test_public_pages_are_left_as_they_were(db) -> None:  # type: ignore[no-untyped-def]
    assert "no-store" not in Client().get("/places/names/heritage/").get("Cache-Control", "")
