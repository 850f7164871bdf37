"""Contracts, upgrades and closures of stations: one contract in force, terminals never reused,
closing sets the facility closed; the lottery centre writes, counties read their own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.lottery.stations import selectors, services
from minzheng.lottery.stations.models import AgencyContract, StationClosure, StationUpgrade
from tests.lottery.conftest import station
from tests.personas import OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db
ID_A, ID_B = "33050219800101001X", "330523199002020021"


def sign(actor, site, n: int, start: dt.date, id_number: str = ID_A, terminal: str | None = None):  # type: ignore[no-untyped-def]
    return services.contract_sign(
        actor=actor,
        station=site,
        contract_number=f"HZFC-{start.year}-{n:05d}",
        terminal_number=terminal or f"33050000{n:02d}",
        agent_name=f"代销者{n}",
        agent_id_number=id_number,
        signed_on=start - dt.timedelta(days=5),
        valid_from=start,
        valid_to=start.replace(year=start.year + 3),
    )


def test_a_new_agent_means_a_new_contract_and_the_old_one_ends_the_day_before(personas) -> None:
    site = station()
    first = sign(personas.city_admin, site, 1, dt.date(2021, 1, 1))
    second = sign(personas.city_admin, site, 2, dt.date(2024, 4, 1), id_number=ID_B)
    first.refresh_from_db()
    assert first.ended_on == dt.date(2024, 3, 31) and second.ended_on is None
    assert second.agent_id_number_masked != ID_B and second.agent_id_number_masked.startswith("330523")
    assert ID_B not in second.agent_id_number_cipher
    assert AuditEntry.objects.filter(action="lottery.contract.signed").count() == 2


def test_a_terminal_is_not_transferable(personas) -> None:
    a, b = station("甲站"), station("乙站", lng=station().lng)
    sign(personas.city_admin, a, 1, dt.date(2021, 1, 1))
    with pytest.raises(ValidationError) as exc:
        sign(personas.city_admin, b, 2, dt.date(2024, 1, 1), terminal="3305000001")
    assert "不得转让" in exc.value.message_dict["terminal_number"][0]
    assert AgencyContract.objects.count() == 1


def test_bad_contract_input_names_every_field(personas) -> None:
    site = station()
    with pytest.raises(ValidationError) as exc:
        services.contract_sign(
            actor=personas.city_admin,
            station=site,
            contract_number="合同",
            terminal_number="12",
            agent_name="",
            agent_id_number="330502198001010012",
            signed_on="2024-05-02",
            valid_from="2024-05-01",
            valid_to="2024-04-01",
        )
    assert set(exc.value.message_dict) == {
        "contract_number",
        "terminal_number",
        "agent_name",
        "agent_id_number",
        "signed_on",
        "valid_to",
    }


def test_closing_a_station_sets_the_facility_closed_and_ends_its_contract(personas) -> None:
    site = station()
    contract = sign(personas.city_admin, site, 1, dt.date(2021, 1, 1))
    services.station_close(
        actor=personas.city_admin, station=site, closed_on=dt.date(2024, 8, 31), reason="店面拆迁"
    )
    site.refresh_from_db()
    contract.refresh_from_db()
    assert site.status == "closed" and contract.ended_on == dt.date(2024, 8, 31)
    with pytest.raises(ValidationError):
        services.station_close(
            actor=personas.city_admin, station=site, closed_on=dt.date(2024, 9, 1), reason="再关"
        )
    with pytest.raises(ValidationError, match="已于2024-08-31关闭"):
        sign(personas.city_admin, site, 2, dt.date(2024, 10, 1))


def test_net_new_stations_are_those_opened_less_those_closed_in_the_year(personas) -> None:
    for i in range(3):
        station(f"新站{i}", opened_on=dt.date(2024, 3 + i, 1))
    old = station("老站", opened_on=dt.date(2015, 1, 1))
    unknown = station("无开业日期站", opened_on=None)
    sign(personas.city_admin, unknown, 9, dt.date(2024, 7, 1))  # opened by its first contract
    services.station_close(
        actor=personas.city_admin, station=old, closed_on=dt.date(2024, 6, 1), reason="停业"
    )
    services.station_upgrade_record(
        actor=personas.city_admin, station=old, upgraded_on=dt.date(2024, 2, 1), kind="image"
    )
    services.station_upgrade_record(
        actor=personas.city_admin, station=old, upgraded_on=dt.date(2024, 3, 1), kind="equipment"
    )
    counts = selectors.station_counts(user=personas.city_admin, year=2024)
    assert counts == {"opened": 4, "closed": 1, "net_new": 3, "upgraded": 1}
    assert selectors.station_counts(user=personas.anji_officer, year=2024)["opened"] == 0


def test_counties_read_their_own_stations_and_may_not_write(personas) -> None:
    wuxing = station()
    anji = station("安吉站", region_code=OTHER_COUNTY_VILLAGE)
    assert list(selectors.station_list(user=personas.anji_officer)) == [anji]
    with pytest.raises(Http404):
        selectors.station_get(user=personas.anji_officer, pk=wuxing.pk)
    with pytest.raises(PermissionDenied):
        services.station_upgrade_record(
            actor=personas.wuxing_officer, station=wuxing, upgraded_on=dt.date(2024, 2, 1), kind="image"
        )
    assert not StationUpgrade.objects.exists() and not StationClosure.objects.exists()


def test_an_upgrade_needs_a_known_kind_and_a_day_not_in_the_future(personas) -> None:
    site = station()
    with pytest.raises(ValidationError) as exc:
        services.station_upgrade_record(
            actor=personas.city_admin, station=site, upgraded_on=dt.date(2099, 1, 1), kind="paint"
        )
    assert set(exc.value.message_dict) == {"upgraded_on", "kind"}
