"""Renewal adds 20 years from the old end, from the notice days before it on; the reminder job
records one reminder per period ending within the notice days, and a second run records none."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings

from minzheng.core.models import AuditEntry
from minzheng.funeral.cemetery import messages, selectors, services, tasks
from minzheng.funeral.cemetery.models import PlotKind, RenewalReminder, UsePeriod
from tests.factories import PersonFactory
from tests.funeral.cemetery.conftest import deceased_person

pytestmark = pytest.mark.django_db


def sold_plots(actor, facility, count: int, sold_on: dt.date):  # type: ignore[no-untyped-def]
    plots = services.plots_create(actor=actor, facility=facility, section=f"S{sold_on.year}", row_from=1, row_to=1,
                                  number_from=1, number_to=count, kind=PlotKind.ASH_DOUBLE, area="0.9")
    for plot in plots:
        services.plot_purchase(actor=actor, plot=plot, holder=PersonFactory(), sold_on=sold_on, price="9000")
    return plots


@time_machine.travel(dt.datetime(2044, 1, 10, 9, 0), tick=False)
def test_renewal_adds_twenty_years_from_the_old_end(personas, cemetery) -> None:
    actor = personas.wuxing_funeral_registrar
    [plot] = sold_plots(actor, cemetery, 1, dt.date(2024, 3, 15))  # ends 2044-03-15
    renewed = services.use_period_renew(actor=actor, plot=plot)
    assert (renewed.cycle, renewed.starts_on, renewed.ends_on) == (2, dt.date(2044, 3, 16), dt.date(2064, 3, 17))
    assert list(UsePeriod.objects.filter(plot=plot).values_list("cycle", "renewed")) == [(1, True), (2, False)]
    assert AuditEntry.objects.filter(action="funeral.use_period.renewed").count() == 1
    with pytest.raises(ValidationError) as exc:
        services.use_period_renew(actor=actor, plot=plot)
    assert exc.value.message_dict["plot"] == [messages.RENEW_TOO_EARLY.format(end=dt.date(2064, 3, 17), days=180)]


@time_machine.travel(dt.datetime(2024, 6, 12, 9, 0), tick=False)
def test_a_period_far_from_its_end_cannot_be_renewed_and_an_unsold_plot_has_none(personas, cemetery) -> None:
    actor = personas.wuxing_funeral_registrar
    [plot] = sold_plots(actor, cemetery, 1, dt.date(2024, 6, 1))
    with pytest.raises(ValidationError) as exc:
        services.use_period_renew(actor=actor, plot=plot)
    assert exc.value.message_dict["plot"][0].startswith("续期：")
    [free] = services.plots_create(actor=actor, facility=cemetery, section="Z", row_from=1, row_to=1, number_from=1,
                                   number_to=1, kind=PlotKind.ASH_SINGLE, area="0.5")
    with pytest.raises(ValidationError) as exc:
        services.use_period_renew(actor=actor, plot=free)
    assert exc.value.message_dict["plot"] == [messages.RENEW_NOT_SOLD]


def test_reminders_are_recorded_once_for_the_periods_ending_within_the_notice_days(personas, cemetery) -> None:
    actor = personas.wuxing_funeral_registrar
    with time_machine.travel(dt.datetime(2005, 3, 1, 9, 0), tick=False):
        due = sold_plots(actor, cemetery, 3, dt.date(2005, 2, 1))  # ends 2025-02-05 (after the Spring Festival)
    with time_machine.travel(dt.datetime(2010, 3, 1, 9, 0), tick=False):
        sold_plots(actor, cemetery, 2, dt.date(2010, 2, 1))  # ends 2030: not due
    with time_machine.travel(dt.datetime(2024, 9, 1, 9, 0), tick=False):
        assert services.renewal_reminders_record() == 3
        assert services.renewal_reminders_record() == 0
        assert tasks.renewal_reminders_record.call() == 0
        assert RenewalReminder.objects.count() == 3
        assert set(RenewalReminder.objects.values_list("use_period__plot", flat=True)) == {p.pk for p in due}
        assert AuditEntry.objects.filter(action="funeral.renewal_reminders.recorded").count() == 1
        listed = list(selectors.due_renewals(user=actor))
        assert {p.plot_id for p in listed} == {p.pk for p in due}
        assert listed[0].ends_on == dt.date(2025, 2, 5)


@override_settings(MINZHENG_CEMETERY_RENEWAL_NOTICE_DAYS=30)
def test_the_notice_days_are_a_setting(personas, cemetery) -> None:
    actor = personas.wuxing_funeral_registrar
    with time_machine.travel(dt.datetime(2005, 3, 1, 9, 0), tick=False):
        sold_plots(actor, cemetery, 1, dt.date(2005, 2, 1))
    with time_machine.travel(dt.datetime(2024, 9, 1, 9, 0), tick=False):
        assert services.renewal_reminders_record() == 0
    with time_machine.travel(dt.datetime(2025, 1, 10, 9, 0), tick=False):
        assert services.renewal_reminders_record() == 1


def test_due_renewals_are_scoped(personas, cemetery, anji_cemetery) -> None:
    with time_machine.travel(dt.datetime(2005, 3, 1, 9, 0), tick=False):
        sold_plots(personas.wuxing_funeral_registrar, cemetery, 1, dt.date(2005, 2, 1))
        sold_plots(personas.anji_officer, anji_cemetery, 2, dt.date(2005, 2, 1))
    with time_machine.travel(dt.datetime(2024, 12, 1, 9, 0), tick=False):
        assert selectors.due_renewals(user=personas.wuxing_funeral_registrar).count() == 1
        assert selectors.due_renewals(user=personas.anji_officer).count() == 2
        assert selectors.due_renewals(user=personas.city_admin).count() == 3
        assert selectors.due_renewals(user=personas.nobody).count() == 0


def test_interment_after_a_pre_purchase_is_checked(personas, cemetery) -> None:
    actor = personas.wuxing_funeral_registrar
    with time_machine.travel(dt.datetime(2024, 6, 12, 9, 0), tick=False):
        [plot] = sold_plots(actor, cemetery, 1, dt.date(2024, 6, 1))
        with pytest.raises(ValidationError) as exc:
            services.plot_interment_record(actor=actor, plot=plot, deceased=deceased_person(9, died=dt.date(2024, 5, 1)),
                                           interred_on=dt.date(2024, 5, 20))
        assert exc.value.message_dict["interred_on"] == [
            messages.DATE_BEFORE_SALE.format(label="安葬日期", sold=dt.date(2024, 6, 1))]
