"""Reservation with an expiry, purchase (a holder, a deceased; a double plot may be bought ahead),
interment up to the plot's capacity, and no double sale: one after the other, and at once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections

from minzheng.core.models import AuditEntry
from minzheng.funeral.cemetery import messages, services
from minzheng.funeral.cemetery.models import Interment, Plot, PlotKind, PlotSale, PlotStatus, UsePeriod
from minzheng.funeral.cemetery.selectors import plot_list
from tests.factories import PersonFactory, id_number_for
from tests.funeral.cemetery.conftest import deceased_person

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 6, 12)


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2024, 6, 12, 10, 0), tick=False):
        yield


def plot_of(actor, facility, kind=PlotKind.ASH_SINGLE, area="0.70") -> Plot:  # type: ignore[no-untyped-def]
    [plot] = services.plots_create(actor=actor, facility=facility, section="A", row_from=1, row_to=1,
                                   number_from=1, number_to=1, kind=kind, area=area)
    return plot


def buy(actor, plot, holder, deceased=None, **kw):  # type: ignore[no-untyped-def]
    return services.plot_purchase(actor=actor, plot=plot, holder=holder, deceased=deceased,
                                  **({"sold_on": TODAY, "price": "18000.00"} | kw))


def test_a_purchase_sells_the_plot_lays_the_deceased_and_opens_twenty_years(personas, cemetery, holder,
                                                                            deceased) -> None:
    actor = personas.wuxing_funeral_registrar
    plot = plot_of(actor, cemetery)
    sale = buy(actor, plot, holder, deceased)
    plot.refresh_from_db()
    assert plot.status == PlotStatus.SOLD and sale.holder == holder and sale.region_code == cemetery.region_code
    assert Interment.objects.get(plot=plot).person == deceased
    period = UsePeriod.objects.get(plot=plot)
    assert (period.cycle, period.starts_on, period.ends_on) == (1, dt.date(2024, 6, 13), dt.date(2044, 6, 13))
    assert AuditEntry.objects.filter(action="funeral.plot.sold", object_id=str(plot.pk)).count() == 1


def test_a_sold_plot_cannot_be_sold_again(personas, cemetery, holder, deceased) -> None:
    actor = personas.wuxing_funeral_registrar
    plot = plot_of(actor, cemetery)
    buy(actor, plot, holder, deceased)
    with pytest.raises(ValidationError) as exc:
        buy(actor, plot, PersonFactory(), deceased_person(2))
    assert exc.value.message_dict["plot"] == [messages.PLOT_SOLD]
    assert PlotSale.objects.count() == 1 and Interment.objects.count() == 1


def test_a_single_plot_needs_its_deceased_and_a_double_plot_may_be_bought_ahead(personas, cemetery, holder,
                                                                               deceased) -> None:
    actor = personas.wuxing_funeral_registrar
    single = plot_of(actor, cemetery)
    with pytest.raises(ValidationError) as exc:
        buy(actor, single, holder)
    assert exc.value.message_dict["deceased"] == [messages.DECEASED_REQUIRED_SINGLE]
    [double] = services.plots_create(actor=actor, facility=cemetery, section="B", row_from=1, row_to=1,
                                     number_from=1, number_to=1, kind=PlotKind.ASH_DOUBLE, area="1.00")
    buy(actor, double, holder)
    assert not Interment.objects.filter(plot=double).exists()
    services.plot_interment_record(actor=actor, plot=double, deceased=deceased, interred_on=TODAY)
    services.plot_interment_record(actor=actor, plot=double, deceased=deceased_person(2), interred_on=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.plot_interment_record(actor=actor, plot=double, deceased=deceased_person(3), interred_on=TODAY)
    assert exc.value.message_dict["deceased"] == [messages.PLOT_FULL.format(capacity=2)]


def test_the_deceased_must_be_registered_dead_and_buried_once(personas, cemetery, holder, deceased) -> None:
    actor = personas.wuxing_funeral_registrar
    plot = plot_of(actor, cemetery)
    with pytest.raises(ValidationError) as exc:
        buy(actor, plot, holder, PersonFactory())
    assert exc.value.message_dict["deceased"] == [messages.DECEASED_NOT_DECEASED]
    with pytest.raises(ValidationError) as exc:
        buy(actor, plot, deceased_person(5), deceased)
    assert exc.value.message_dict["holder"] == [messages.HOLDER_DECEASED]
    buy(actor, plot, holder, deceased)
    [other] = services.plots_create(actor=actor, facility=cemetery, section="C", row_from=1, row_to=1,
                                    number_from=1, number_to=1, kind=PlotKind.ASH_SINGLE, area="0.5")
    with pytest.raises(ValidationError) as exc:
        buy(actor, other, holder, deceased)
    assert exc.value.message_dict["deceased"] == [messages.DECEASED_ALREADY_BURIED]


def test_bad_dates_and_prices_are_named_and_nothing_is_written(personas, cemetery, holder) -> None:
    actor = personas.wuxing_funeral_registrar
    plot = plot_of(actor, cemetery)
    dead = deceased_person(6, died=dt.date(2024, 6, 1))
    with pytest.raises(ValidationError) as exc:
        buy(actor, plot, holder, dead, sold_on="2024-06-13", price="-1", interred_on="2024-05-01")
    errors = exc.value.message_dict
    assert errors["sold_on"] == [messages.DATE_IN_FUTURE.format(label="购买日期")]
    assert errors["price"] == [messages.PRICE_BAD]
    with pytest.raises(ValidationError) as exc:
        buy(actor, plot, holder, dead, sold_on="2024-05-01", interred_on="2024-05-20")
    assert exc.value.message_dict["interred_on"] == [
        messages.DATE_BEFORE_DEATH.format(label="安葬日期", death=dt.date(2024, 6, 1))]
    with pytest.raises(ValidationError) as exc:
        buy(actor, plot, None, dead, sold_on="12/06/2024")
    assert exc.value.message_dict["sold_on"] == [messages.DATE_BAD.format(label="购买日期")]
    assert exc.value.message_dict["holder"] == [messages.PERSON_REQUIRED.format(label="使用权人")]
    assert not PlotSale.objects.exists() and not UsePeriod.objects.exists()
    plot.refresh_from_db()
    assert plot.status == PlotStatus.AVAILABLE


def test_a_reservation_holds_the_plot_for_its_person_until_it_lapses(personas, cemetery, holder, deceased) -> None:
    actor = personas.wuxing_funeral_registrar
    plot = plot_of(actor, cemetery)
    services.plot_reserve(actor=actor, plot=plot, person=holder, until=TODAY + dt.timedelta(days=7))
    other = PersonFactory()
    with pytest.raises(ValidationError) as exc:
        buy(actor, plot, other, deceased)
    assert exc.value.message_dict["plot"] == [messages.PLOT_RESERVED_FOR_OTHER.format(
        until=TODAY + dt.timedelta(days=7))]
    assert list(plot_list(user=actor, status=PlotStatus.RESERVED)) == [plot]
    with time_machine.travel(dt.datetime(2024, 6, 20, 10, 0), tick=False):
        # Lapsed: available again, to anyone.
        assert list(plot_list(user=actor, status=PlotStatus.AVAILABLE)) == [plot]
        buy(actor, plot, other, deceased, sold_on=dt.date(2024, 6, 20))
    plot.refresh_from_db()
    assert plot.status == PlotStatus.SOLD and plot.reserved_until is None


def test_the_reserver_buys_the_plot_reserved_for_them(personas, cemetery, holder, deceased) -> None:
    actor = personas.wuxing_funeral_registrar
    plot = plot_of(actor, cemetery)
    services.plot_reserve(actor=actor, plot=plot, person=holder, until=TODAY)
    buy(actor, plot, holder, deceased)
    assert PlotSale.objects.get().holder == holder


def test_a_reservation_date_is_checked(personas, cemetery, holder) -> None:
    actor = personas.wuxing_funeral_registrar
    plot = plot_of(actor, cemetery)
    with pytest.raises(ValidationError) as exc:
        services.plot_reserve(actor=actor, plot=plot, person=holder, until=TODAY - dt.timedelta(days=1))
    assert exc.value.message_dict["until"] == [messages.RESERVE_UNTIL_PAST]
    with pytest.raises(ValidationError) as exc:
        services.plot_reserve(actor=actor, plot=plot, person=holder, until=TODAY + dt.timedelta(days=91))
    assert exc.value.message_dict["until"][0].startswith("预订保留至：最长保留90天")
    services.plot_reserve(actor=actor, plot=plot, person=holder, until=TODAY + dt.timedelta(days=90))
    services.plot_reservation_cancel(actor=actor, plot=plot)
    plot.refresh_from_db()
    assert plot.status == PlotStatus.AVAILABLE and plot.reserved_for is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_sales_of_one_plot_at_once_sell_it_once(personas, cemetery, deceased) -> None:
    actor = personas.wuxing_funeral_registrar
    plot = plot_of(actor, cemetery)
    buyers = [PersonFactory(raw_id_number=id_number_for(700 + i)) for i in range(4)]
    dead = [deceased] + [deceased_person(20 + i) for i in range(3)]
    barrier = threading.Barrier(len(buyers))
    outcomes: list[str] = []

    def attempt(i: int) -> None:
        try:
            barrier.wait()
            buy(actor, Plot.objects.get(pk=plot.pk), buyers[i], dead[i])
            outcomes.append("sold")
        except ValidationError as exc:
            outcomes.append(exc.message_dict["plot"][0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(buyers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == sorted(["sold"] + [messages.PLOT_SOLD] * 3)
    assert PlotSale.objects.filter(plot=plot).count() == 1
    assert Interment.objects.filter(plot=plot).count() == 1
