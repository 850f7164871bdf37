"""The smart cemetery's read API: the caller's scope only, statuses as read today, no holder or
deceased named, bad filters refused in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from minzheng.funeral.cemetery import services
from minzheng.funeral.cemetery.models import PlotKind
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def _plots(actor, facility, n: int = 3):  # type: ignore[no-untyped-def]
    """Double ash plots: they may be bought ahead, with nobody laid in them yet."""
    return services.plots_create(actor=actor, facility=facility, section="A", row_from=1, row_to=1, number_from=1,
                                 number_to=n, kind=PlotKind.ASH_DOUBLE, area="0.9")


@time_machine.travel(dt.datetime(2024, 6, 3, 9, 0), tick=False)
def test_plots_show_todays_status_and_no_person(personas, cemetery, anji_cemetery) -> None:
    actor = personas.wuxing_funeral_registrar
    _free, reserved, sold = _plots(actor, cemetery)
    holder = PersonFactory(name="李秀英")
    services.plot_reserve(actor=actor, plot=reserved, person=holder, until=dt.date(2024, 6, 30))
    services.plot_purchase(actor=actor, plot=sold, holder=holder, sold_on=dt.date(2024, 6, 3), price="9000")
    client = _client(actor)

    answer = client.get(f"/api/funeral/cemeteries/{cemetery.pk}/plots/")
    assert answer.status_code == 200
    statuses = {row["number"]: row["status"] for row in answer.json()["results"]}
    assert statuses == {1: "available", 2: "reserved", 3: "sold"}
    assert "李秀英" not in answer.content.decode()

    assert client.get(f"/api/funeral/cemeteries/{cemetery.pk}/plots/", {"status": "reserved"}).json()["count"] == 1
    with time_machine.travel(dt.datetime(2024, 7, 2, 9, 0), tick=False):
        lapsed = client.get(f"/api/funeral/cemeteries/{cemetery.pk}/plots/", {"status": "reserved"}).json()
        assert lapsed["count"] == 0


def test_another_countys_cemetery_is_not_found(personas, cemetery, anji_cemetery) -> None:
    client = _client(personas.wuxing_funeral_registrar)
    assert client.get(f"/api/funeral/cemeteries/{anji_cemetery.pk}/plots/").status_code == 404
    names = [row["name"] for row in client.get("/api/funeral/cemeteries/").json()["results"]]
    assert names == [cemetery.name]


def test_a_bad_filter_is_named_in_chinese(personas, cemetery) -> None:
    client = _client(personas.wuxing_funeral_registrar)
    answer = client.get(f"/api/funeral/cemeteries/{cemetery.pk}/plots/", {"kind": "pyramid"})
    assert answer.status_code == 400
    assert answer.json()["kind"] == ["类型：没有这种墓穴类型"]
    assert client.get("/api/funeral/cemeteries/", {"kind": "care_home"}).json()["kind"] == [
        "类别：只能是公墓（cemetery）或骨灰堂（columbarium）"]
    answer = client.get("/api/funeral/renewals/", {"days": "-3"})
    assert answer.status_code == 400 and answer.json()["days"] == ["提前天数：不能为负数"]


def test_a_village_worker_may_not_read_the_cemetery(personas, cemetery) -> None:
    assert _client(personas.village_worker).get("/api/funeral/cemeteries/").status_code == 403


def test_due_renewals_list_the_periods_ending_soon(personas, cemetery) -> None:
    actor = personas.wuxing_funeral_registrar
    with time_machine.travel(dt.datetime(2005, 3, 1, 9, 0), tick=False):
        [plot] = _plots(actor, cemetery, 1)
        services.plot_purchase(actor=actor, plot=plot, holder=PersonFactory(name="赵大明"), sold_on=dt.date(2005, 2, 1),
                               price="8000")
    with time_machine.travel(dt.datetime(2024, 12, 1, 9, 0), tick=False):
        services.renewal_reminders_record()
        rows = _client(actor).get("/api/funeral/renewals/").json()["results"]
    assert [(r["plot_id"], r["reminded"]) for r in rows] == [(plot.pk, True)]
    assert "赵大明" not in str(rows)
