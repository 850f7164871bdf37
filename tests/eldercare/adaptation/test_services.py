"""Home adaptation: an application's total is the sum of its lines (quantity × unit price, never
above the catalogue price), its subsidy the total × the rate rounded half up once; a township
enters it and a county reviews it (never the maker), once; the subsidy is paid once, after
approval; bad input is named on its field and nothing is written; the year's subsidy paid and
spending generated on hand-made data; scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.eldercare.adaptation import messages, selectors
from minzheng.eldercare.adaptation.models import AdaptationApplication, AdaptationItem, AdaptationLine
from minzheng.eldercare.adaptation.services import (
    LineInput,
    application_approve,
    application_pay,
    application_refuse,
    application_submit,
    item_add,
    subsidy_of,
)
from tests.eldercare.adaptation.factories import items, paid, submitted
from tests.eldercare.factories import elder
from tests.personas import OTHER_TOWNSHIP_VILLAGE, Personas

pytestmark = pytest.mark.django_db


def test_the_total_is_the_lines_and_the_subsidy_its_share_rounded_half_up_once(personas: Personas) -> None:
    catalogue = items()
    # 2 × 300.00 + 7 × 118.35 (a quote under the catalogue's 120.00) = 1,428.45; × 0.85 = 1,214.1825 → 1,214.18
    application = submitted(
        personas.aishan_officer,
        catalogue,
        lines=[("GRAB-BAR", 2, None), ("NON-SLIP", 7, "118.35")],
        rate="0.85",
    )
    assert (application.total, application.subsidy, application.status) == (
        Decimal("1428.45"),
        Decimal("1214.18"),
        "submitted",
    )
    assert sorted(AdaptationLine.objects.values_list("amount", flat=True)) == [
        Decimal("600.00"),
        Decimal("828.45"),
    ]
    assert subsidy_of(Decimal("0.50"), Decimal("0.25")) == Decimal("0.13")  # 0.125 half up
    entry = AuditEntry.objects.get(action="eldercare.adaptation_application.submitted")
    assert entry.after["lines"] == [["GRAB-BAR", 2, "300.00"], ["NON-SLIP", 7, "118.35"]]


def test_the_county_approves_and_pays_once_and_the_maker_cannot_approve(personas: Personas) -> None:
    catalogue = items()
    maker, checker = personas.wuxing_officer, personas.wuxing_officer
    application = submitted(maker, catalogue, lines=[("CARE-BED", 1, None)])
    with pytest.raises(ValidationError) as own:
        application_approve(actor=checker, application=application)
    assert own.value.message_dict["reviewed_by"] == [messages.REVIEW_OWN]
    township = submitted(personas.aishan_officer, catalogue, lines=[("CARE-BED", 1, None)])
    with pytest.raises(ValidationError) as early:
        application_pay(actor=checker, application=township, paid_on="2024-05-01")
    assert early.value.message_dict["status"] == [messages.NOT_APPROVED.format(status="待审核")]
    with pytest.raises(PermissionDenied):
        application_approve(actor=personas.aishan_officer, application=township)
    approved = application_approve(actor=checker, application=township)
    assert (approved.status, approved.reviewed_by) == ("approved", checker)
    with pytest.raises(ValidationError):
        application_approve(actor=checker, application=township)
    with pytest.raises(ValidationError) as before:
        application_pay(actor=checker, application=township, paid_on="2024-02-29")
    assert before.value.message_dict["paid_on"] == [messages.PAID_BEFORE_APPLIED.format(date="2024-03-01")]
    done = application_pay(actor=checker, application=township, paid_on="2024-05-01")
    assert (done.status, done.paid_on, done.subsidy) == ("paid", dt.date(2024, 5, 1), Decimal("3840.00"))
    with pytest.raises(ValidationError):
        application_pay(actor=checker, application=township, paid_on="2024-05-02")
    actions = list(
        AuditEntry.objects.filter(object_id=str(township.pk), action__startswith="eldercare.adaptation")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "eldercare.adaptation_application.submitted",
        "eldercare.adaptation_application.approved",
        "eldercare.adaptation_application.paid",
    ]


def test_a_refusal_needs_its_reason_and_ends_the_application(personas: Personas) -> None:
    application = submitted(personas.aishan_officer, items(), lines=[("GRAB-BAR", 1, None)])
    with pytest.raises(ValidationError) as bare:
        application_refuse(actor=personas.wuxing_officer, application=application, reason="")
    assert bare.value.message_dict["refusal_reason"] == [messages.REASON_REQUIRED.format(max=200)]
    refused = application_refuse(
        actor=personas.wuxing_officer, application=application, reason="已享受同类补贴"
    )
    assert (refused.status, refused.refusal_reason) == ("refused", "已享受同类补贴")
    with pytest.raises(ValidationError):
        application_pay(actor=personas.wuxing_officer, application=refused, paid_on="2024-05-01")


@pytest.mark.parametrize(
    ("lines", "extra", "field", "message"),
    [
        ([], {}, "lines", messages.LINES_REQUIRED),
        (
            [("GRAB-BAR", 0, None)],
            {},
            "quantity",
            messages.LINE_QUANTITY_INVALID.format(name="卫生间扶手", max=100),
        ),
        (
            [("GRAB-BAR", "1.5", None)],
            {},
            "quantity",
            messages.LINE_QUANTITY_INVALID.format(name="卫生间扶手", max=100),
        ),
        (
            [("GRAB-BAR", 1, "300.01")],
            {},
            "unit_price",
            messages.LINE_PRICE_INVALID.format(name="卫生间扶手", price="300.00"),
        ),
        (
            [("GRAB-BAR", 1, None), ("GRAB-BAR", 2, None)],
            {},
            "lines",
            messages.LINE_ITEM_REPEATED.format(name="卫生间扶手"),
        ),
        ([("GRAB-BAR", 1, None)], {"subsidy_rate": "1.2"}, "subsidy_rate", messages.RATE_INVALID),
        ([("GRAB-BAR", 1, None)], {"subsidy_rate": "0"}, "subsidy_rate", messages.RATE_INVALID),
        ([("GRAB-BAR", 1, None)], {"subsidy_rate": "0.805"}, "subsidy_rate", messages.RATE_INVALID),
        ([("GRAB-BAR", 1, None)], {"applied_on": "2999-01-01"}, "applied_on", messages.APPLIED_ON_FUTURE),
        ([("GRAB-BAR", 1, None)], {"applied_on": "31/12/2024"}, "applied_on", messages.APPLIED_ON_REQUIRED),
    ],
)
def test_bad_application_input_is_named_on_its_field_and_nothing_is_written(
    personas: Personas,
    lines: list,
    extra: dict,
    field: str,
    message: str,  # type: ignore[type-arg]
) -> None:
    catalogue = items()
    person, _ = elder()
    args = {"applied_on": "2024-03-01", "subsidy_rate": "0.80", **extra}
    with pytest.raises(ValidationError) as refused:
        application_submit(
            actor=personas.aishan_officer,
            person=person,
            lines=[LineInput(item=catalogue[c], quantity=n, unit_price=p) for c, n, p in lines],
            **args,
        )  # type: ignore[arg-type]
    assert message in refused.value.message_dict[field]
    assert not AdaptationApplication.objects.exists() and not AdaptationLine.objects.exists()


def test_a_retired_item_and_a_young_applicant_are_refused(personas: Personas) -> None:
    catalogue = items()
    AdaptationItem.objects.filter(code="GRAB-BAR").update(active=False)
    catalogue["GRAB-BAR"].refresh_from_db()
    with pytest.raises(ValidationError) as retired:
        submitted(personas.aishan_officer, catalogue, lines=[("GRAB-BAR", 1, None)])
    assert retired.value.message_dict["lines"] == [messages.LINE_ITEM_UNKNOWN.format(n=1)]
    young, _ = elder(dt.date(1970, 1, 1))
    with pytest.raises(ValidationError) as too_young:
        application_submit(
            actor=personas.aishan_officer,
            person=young,
            applied_on="2024-03-01",
            subsidy_rate="0.8",
            lines=[LineInput(item=catalogue["NON-SLIP"], quantity=1)],
        )
    assert too_young.value.message_dict["person"] == [messages.PERSON_TOO_YOUNG.format(name=young.name)]


def test_an_elder_elsewhere_is_not_found_and_a_village_worker_cannot_apply(personas: Personas) -> None:
    catalogue = items()
    with pytest.raises(Http404):
        submitted(
            personas.aishan_officer,
            catalogue,
            lines=[("GRAB-BAR", 1, None)],
            region_code=OTHER_TOWNSHIP_VILLAGE,
        )
    with pytest.raises(PermissionDenied):
        submitted(personas.village_worker, catalogue, lines=[("GRAB-BAR", 1, None)])
    application = submitted(personas.aishan_officer, catalogue, lines=[("GRAB-BAR", 1, None)])
    with pytest.raises(Http404):
        application_approve(actor=personas.anji_officer, application=application)
    with pytest.raises(Http404):
        selectors.application_get(user=personas.anji_officer, pk=application.pk)
    assert not AdaptationApplication.objects.exclude(pk=application.pk).exists()


def test_the_years_subsidy_paid_and_spending_count_the_applications_paid_in_the_year(
    personas: Personas,
) -> None:
    catalogue = items()
    maker, checker = personas.aishan_officer, personas.wuxing_officer
    paid(
        maker, checker, catalogue, lines=[("GRAB-BAR", 2, None), ("NON-SLIP", 5, None)], rate="0.80"
    )  # 1,200 → 960
    paid(maker, checker, catalogue, lines=[("CARE-BED", 1, "4500.00")], rate="1.00")  # 4,500 → 4,500
    paid(maker, checker, catalogue, lines=[("GRAB-BAR", 1, None)], on="2025-01-02")  # next year's
    approved = submitted(maker, catalogue, lines=[("CARE-BED", 1, None)])
    application_approve(actor=checker, application=approved)  # approved, not yet paid: not counted
    submitted(maker, catalogue, lines=[("NON-SLIP", 3, None)])  # waiting for review
    totals = selectors.adaptation_totals(user=checker, year=2024)
    assert (totals.paid, totals.subsidy_paid, totals.consumption) == (
        2,
        Decimal("5460.00"),
        Decimal("5700.00"),
    )
    assert (totals.renovation, totals.trade_in, totals.waiting_review, totals.waiting_payment) == (1, 1, 1, 1)
    assert selectors.adaptation_figures(actor=maker, year=2024) == {
        "adaptation_subsidy_paid": Decimal("5460.00"),
        "adaptation_consumption": Decimal("5700.00"),
    }
    assert selectors.adaptation_figures(actor=personas.anji_officer, year=2024) == {
        "adaptation_subsidy_paid": Decimal("0"),
        "adaptation_consumption": Decimal("0"),
    }


def test_the_city_adds_catalogue_items_and_bad_ones_are_named(personas: Personas) -> None:
    item = item_add(
        actor=personas.city_admin,
        code="shower-chair",
        name="淋浴椅",
        category="renovation",
        unit="把",
        price="280",
    )
    assert (item.code, item.price) == ("SHOWER-CHAIR", Decimal("280.00"))
    assert AuditEntry.objects.filter(
        action="eldercare.adaptation_item.added", object_id=str(item.pk)
    ).exists()
    with pytest.raises(ValidationError) as bad:
        item_add(actor=personas.city_admin, code="SHOWER-CHAIR", name="", category="x", unit="", price="-1")
    assert set(bad.value.message_dict) == {"code", "name", "category", "unit", "price"}
    with pytest.raises(PermissionDenied):
        item_add(
            actor=personas.wuxing_officer, code="X1", name="x", category="renovation", unit="个", price="1"
        )
