"""The station pages: a county reads only its stations (404 elsewhere, 403 on a write), the centre
signs a contract and records an upgrade through the forms, and a school too near is named."""

from __future__ import annotations

import pytest

from minzheng.lottery.stations.models import AgencyContract
from tests.lottery.conftest import school

pytestmark = pytest.mark.django_db


def test_a_county_sees_only_its_stations(personas, sites, login) -> None:
    a, b = sites
    client = login(personas.anji_officer)
    page = client.get("/lottery/").content.decode()
    assert "安吉城东投注站" in page and "吴兴仪凤桥投注站" not in page
    assert client.get(f"/lottery/stations/{a.pk}/").status_code == 404
    assert client.get(f"/lottery/stations/{b.pk}/").status_code == 200
    assert (
        client.post(
            f"/lottery/stations/{b.pk}/upgrades/", {"upgraded_on": "2024-05-01", "kind": "image"}
        ).status_code
        == 403
    )


def test_the_centre_signs_a_contract_and_a_school_too_near_is_named_on_the_form(
    personas, sites, login
) -> None:
    a, _ = sites
    school("湖州市仪凤桥小学", north=120)
    client = login(personas.city_admin)
    form = {
        "contract_number": "HZFC-2024-00001",
        "terminal_number": "3305000001",
        "agent_name": "王建国",
        "agent_id_number": "33050219800101001X",
        "signed_on": "2024-03-01",
        "valid_from": "2024-03-10",
        "valid_to": "2027-03-09",
    }
    response = client.post(f"/lottery/stations/{a.pk}/contracts/", form)
    assert response.status_code == 400 and "湖州市仪凤桥小学" in response.content.decode()
    assert not AgencyContract.objects.exists()
    page = client.get(f"/lottery/stations/{a.pk}/").content.decode()
    assert "120 米" in page
    assert "湖州市仪凤桥小学" in client.get("/lottery/findings/").content.decode()
