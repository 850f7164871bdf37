"""The cemetery pages: who opens them (403 without the power, 404 outside the scope), the plot map,
the forms' bad input in Chinese with 400 and nothing written, and the public QR page, which shows
the plot and its status and no holder's or deceased's personal data."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from minzheng.core.models import AccessLog
from minzheng.funeral.cemetery import messages, services
from minzheng.funeral.cemetery.models import (
    ConversionProject,
    EcoBurial,
    Plot,
    PlotKind,
    PlotSale,
    PlotStatus,
)
from tests.factories import id_number_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2024, 6, 12, 10, 0), tick=False):
        yield


@pytest.fixture
def plots(personas, cemetery):  # type: ignore[no-untyped-def]
    return services.plots_create(actor=personas.wuxing_funeral_registrar, facility=cemetery, section="A",
                                 row_from=1, row_to=2, number_from=1, number_to=3, kind=PlotKind.ASH_SINGLE,
                                 area="0.6")


@pytest.fixture
def sold(personas, plots, holder, deceased):  # type: ignore[no-untyped-def]
    services.plot_purchase(actor=personas.wuxing_funeral_registrar, plot=plots[0], holder=holder,
                           deceased=deceased, sold_on="2024-06-01", price="12000")
    return plots[0]


def test_the_pages_open_for_keepers_and_readers_in_scope(personas, login, cemetery, sold) -> None:
    urls = ["/funeral/cemeteries/", f"/funeral/cemeteries/{cemetery.pk}/", "/funeral/cemeteries/plots/",
            f"/funeral/cemeteries/plots/?facility={cemetery.pk}&status=sold",
            f"/funeral/cemeteries/plots/{sold.pk}/", "/funeral/cemeteries/renewals/",
            "/funeral/cemeteries/eco-burials/", "/funeral/cemeteries/projects/"]
    for user in (personas.wuxing_funeral_registrar, personas.wuxing_officer, personas.city_admin, personas.auditor):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user.username, url)
    client = login(personas.aishan_officer)
    assert client.get("/funeral/cemeteries/").status_code == 403


def test_out_of_scope_cemeteries_and_plots_are_not_found(personas, login, cemetery, sold) -> None:
    client = login(personas.anji_officer)
    assert client.get(f"/funeral/cemeteries/{cemetery.pk}/").status_code == 404
    assert client.get(f"/funeral/cemeteries/plots/{sold.pk}/").status_code == 404
    assert client.get(f"/funeral/cemeteries/plots/{sold.pk}/qr.svg").status_code == 404
    assert cemetery.name not in client.get("/funeral/cemeteries/").content.decode()


def test_the_map_colours_each_plot_by_status_and_links_it(personas, login, cemetery, plots, sold) -> None:
    body = login(personas.wuxing_funeral_registrar).get(f"/funeral/cemeteries/{cemetery.pk}/").content.decode()
    assert f'class="plot-cell sold" href="/funeral/cemeteries/plots/{sold.pk}/"' in body
    assert body.count('class="plot-cell available"') == 5 + 1  # five plots and the legend


def test_the_plot_page_names_the_holder_and_logs_the_read(personas, login, sold, holder) -> None:
    user = personas.wuxing_funeral_registrar
    body = login(user).get(f"/funeral/cemeteries/plots/{sold.pk}/").content.decode()
    assert holder.name in body and holder.id_number_masked in body
    assert AccessLog.objects.filter(actor=user, subject_id=str(holder.pk)).exists()


def test_the_public_qr_page_shows_the_plot_and_status_and_no_personal_data(sold, holder, deceased) -> None:
    response = Client().get(f"/funeral/cemeteries/q/{sold.code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "A<small>区</small> 1<small>排</small> 1<small>号</small>" in body and "已使用" in body
    for secret in (holder.name, holder.id_number_masked, deceased.name, deceased.id_number_masked, "12000"):
        assert secret not in body
    assert Client().get("/funeral/cemeteries/q/nonexistent-code-000/").status_code == 404


def test_the_qr_code_holds_the_public_url(personas, login, sold) -> None:
    client = login(personas.wuxing_funeral_registrar)
    svg = client.get(f"/funeral/cemeteries/plots/{sold.pk}/qr.svg")
    png = client.get(f"/funeral/cemeteries/plots/{sold.pk}/qr.png?download=1")
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.lstrip().startswith(b"<?xml")
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    assert "attachment" in png["Content-Disposition"]


def test_batch_creation_from_the_map_with_bad_input(personas, login, cemetery) -> None:
    client = login(personas.wuxing_funeral_registrar)
    url = f"/funeral/cemeteries/{cemetery.pk}/plots/new/"
    bad = client.post(url, {"section": "B", "kind": "body_double", "row_from": 1, "row_to": 1, "number_from": 1,
                            "number_to": 4, "area": "6.5"})
    assert bad.status_code == 400
    assert messages.AREA_OVER_LIMIT.format(kind="遗体双穴", limit="6.00", area="6.5") in bad.content.decode()
    assert not Plot.objects.exists()
    good = client.post(url, {"section": "B", "kind": "body_double", "row_from": 1, "row_to": 1, "number_from": 1,
                             "number_to": 4, "area": "6"})
    assert good.status_code == 302 and Plot.objects.filter(section="B").count() == 4
    assert login(personas.auditor).post(url, {}).status_code == 403


def test_buying_on_the_plot_page(personas, login, plots, holder, deceased) -> None:
    client = login(personas.wuxing_funeral_registrar)
    url = f"/funeral/cemeteries/plots/{plots[1].pk}/buy/"
    bad = client.post(url, {"holder": id_number_for(999), "sold_on": "2024-06-01", "price": "100",
                            "deceased": deceased.id_number})
    assert bad.status_code == 400
    assert messages.PERSON_NOT_FOUND.format(label="使用权人") in bad.content.decode()
    response = client.post(url, {"holder": holder.id_number, "sold_on": "2024-06-01", "price": "100",
                                 "deceased": deceased.id_number})
    assert response.status_code == 302
    assert PlotSale.objects.get().plot == plots[1]
    again = client.post(url, {"holder": holder.id_number, "sold_on": "2024-06-01", "price": "100"})
    assert again.status_code == 400 and messages.PLOT_SOLD in again.content.decode()


def test_reserving_and_renewing_on_the_plot_page(personas, login, plots, holder, sold) -> None:
    client = login(personas.wuxing_funeral_registrar)
    response = client.post(f"/funeral/cemeteries/plots/{plots[2].pk}/reserve/",
                           {"person": holder.id_number, "until": "2024-06-20"})
    assert response.status_code == 302
    assert Plot.objects.get(pk=plots[2].pk).status == PlotStatus.RESERVED
    early = client.post(f"/funeral/cemeteries/plots/{sold.pk}/renew/")
    assert early.status_code == 400 and "续期：" in early.content.decode()


def test_eco_burials_and_projects_on_their_pages(personas, login, cemetery, deceased) -> None:
    client = login(personas.wuxing_funeral_registrar)
    bad = client.post("/funeral/cemeteries/eco-burials/", {"person": deceased.id_number, "kind": "tree",
                                                           "buried_on": "2024-06-01", "place": ""})
    assert bad.status_code == 400 and messages.PLACE_REQUIRED in bad.content.decode()
    ok = client.post("/funeral/cemeteries/eco-burials/", {"person": deceased.id_number, "kind": "tree",
                                                          "buried_on": "2024-06-01", "place": "青山生态园",
                                                          "facility": cemetery.pk})
    assert ok.status_code == 302 and EcoBurial.objects.get().facility == cemetery
    assert client.post("/funeral/cemeteries/projects/", {"facility": cemetery.pk, "plan": ""}).status_code == 400
    assert client.post("/funeral/cemeteries/projects/", {"facility": cemetery.pk, "plan": "草坪葬改造"}).status_code == 302
    project = ConversionProject.objects.get()
    client.post(f"/funeral/cemeteries/projects/{project.pk}/start/", {"started_on": "2024-03-01"})
    client.post(f"/funeral/cemeteries/projects/{project.pk}/complete/", {"completed_on": "2024-02-01"})
    project.refresh_from_db()
    assert project.status == "underway"
    client.post(f"/funeral/cemeteries/projects/{project.pk}/complete/", {"completed_on": "2024-05-01"})
    project.refresh_from_db()
    assert project.completed_on == dt.date(2024, 5, 1)
