"""Who sees which facility: staff by their region (city, county, township, village), a provider
operator by their operator wherever its sites are. One not visible is 404 in selectors, pages
and the API alike, never 403."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from minzheng.facilities.models import Facility
from minzheng.facilities.sites import selectors
from tests.facilities.conftest import SEES, VILLAGES, Providers, fresh
from tests.facilities.factories import FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(providers: Providers) -> dict[str, Facility]:
    return {code: FacilityFactory(name=f"站点{code}", region_code=code) for code in VILLAGES}


@pytest.mark.parametrize("who", sorted(SEES))
def test_staff_see_the_facilities_of_their_region(personas: Personas, sites: dict[str, Facility], who: str) -> None:
    user = fresh(getattr(personas, who))
    seen = {f.region_code for f in selectors.facility_list(user=user) if f.operator_id is None}
    assert seen == SEES[who]
    for code, site in sites.items():
        if code in SEES[who]:
            assert selectors.facility_get(user=user, pk=site.pk) == site
        else:
            with pytest.raises(Http404):
                selectors.facility_get(user=user, pk=site.pk)


def test_an_operator_sees_their_operators_sites_in_any_county_and_nothing_else(
        providers: Providers, sites: dict[str, Facility]) -> None:
    assert set(selectors.facility_list(user=fresh(providers.op_a))) == {providers.a_mine, providers.a_anji}
    assert set(selectors.facility_list(user=fresh(providers.op_b))) == {providers.b_mine}
    for site in (providers.b_mine, sites[MY_VILLAGE]):
        with pytest.raises(Http404):
            selectors.facility_get(user=fresh(providers.op_a), pk=site.pk)


def test_an_operator_account_with_no_operator_sees_nothing(providers: Providers) -> None:
    providers.op_a.facility_operator_membership.delete()
    assert not selectors.facility_list(user=fresh(providers.op_a)).exists()


def test_bad_keys_are_404(personas: Personas) -> None:
    for key in ("abc", "0", "-1", str(10**30)):
        with pytest.raises(Http404):
            selectors.facility_get(user=fresh(personas.city_admin), pk=key)


def test_pages_answer_404_for_another_operators_site(providers: Providers, login) -> None:  # type: ignore[no-untyped-def]
    client = login(providers.op_a)
    assert client.get(reverse("facilities:detail", args=[providers.a_anji.pk])).status_code == 200
    for name in ("facilities:detail", "facilities:edit"):
        assert client.get(reverse(name, args=[providers.b_mine.pk])).status_code == 404
    response = client.post(reverse("facilities:edit", args=[providers.b_mine.pk]),
                           {"opening_hours": "全天", "status": "closed"})
    assert response.status_code == 404
    html = client.get(reverse("facilities:list")).content.decode()
    assert providers.a_mine.name in html and providers.a_anji.name in html and providers.b_mine.name not in html


def test_the_api_answers_404_for_another_operators_site(providers: Providers, api) -> None:  # type: ignore[no-untyped-def]
    client = api(providers.op_a)
    assert client.get(f"/api/facilities/{providers.b_mine.pk}/").status_code == 404
    assert client.patch(f"/api/facilities/{providers.b_mine.pk}/", {"status": "closed"},
                        format="json").status_code == 404
    names = {row["name"] for row in client.get("/api/facilities/").json()["results"]}
    assert names == {providers.a_mine.name, providers.a_anji.name}
    providers.b_mine.refresh_from_db()
    assert providers.b_mine.status == "open"


def test_the_api_and_pages_answer_404_outside_a_township(personas: Personas, sites: dict[str, Facility], api,
                                                         login) -> None:  # type: ignore[no-untyped-def]
    other = sites[OTHER_COUNTY_VILLAGE]
    assert api(personas.aishan_officer).get(f"/api/facilities/{other.pk}/").status_code == 404
    assert login(personas.aishan_officer).get(reverse("facilities:detail", args=[other.pk])).status_code == 404
    assert api(personas.anji_officer).get(f"/api/facilities/{other.pk}/").status_code == 200
