"""Batch creation of a section's plots: the provincial area limits in the service and in the
database, the kinds each facility takes, places already taken, scope and permission."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.funeral.cemetery import messages, services
from minzheng.funeral.cemetery.models import Plot, PlotKind

pytestmark = pytest.mark.django_db


def make(actor, facility, **kw):  # type: ignore[no-untyped-def]
    args = {"section": "A", "row_from": 1, "row_to": 2, "number_from": 1, "number_to": 5,
            "kind": PlotKind.ASH_SINGLE, "area": "0.70"} | kw
    return services.plots_create(actor=actor, facility=facility, **args)


def test_a_batch_makes_rows_times_numbers_plots_each_with_its_own_code(personas, cemetery) -> None:
    plots = make(personas.wuxing_funeral_registrar, cemetery)
    assert len(plots) == 10
    assert Plot.objects.filter(facility=cemetery, region_code=cemetery.region_code).count() == 10
    assert len({p.code for p in Plot.objects.all()}) == 10
    assert AuditEntry.objects.filter(action="funeral.plots.created").count() == 1


@pytest.mark.parametrize(("kind", "limit"), [(PlotKind.ASH_SINGLE, "0.70"), (PlotKind.ASH_DOUBLE, "1.00"),
                                             (PlotKind.BODY_SINGLE, "4.00"), (PlotKind.BODY_DOUBLE, "6.00")])
def test_the_area_limit_is_allowed_and_a_fen_more_is_refused(personas, cemetery, kind, limit) -> None:
    actor = personas.wuxing_funeral_registrar
    assert len(make(actor, cemetery, kind=kind, area=limit, row_to=1, number_to=1)) == 1
    over = Decimal(limit) + Decimal("0.01")
    with pytest.raises(ValidationError) as exc:
        make(actor, cemetery, kind=kind, area=str(over), section="B", row_to=1, number_to=1)
    assert exc.value.message_dict["area"] == [messages.AREA_OVER_LIMIT.format(
        kind=PlotKind(kind).label, limit=Decimal(limit), area=over)]
    assert not Plot.objects.filter(section="B").exists()


def test_the_database_refuses_an_oversized_plot_too(cemetery) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Plot.objects.create(facility=cemetery, region_code=cemetery.region_code, section="A", row=1, number=1,
                            kind=PlotKind.ASH_SINGLE, area=Decimal("0.71"), code="x" * 22)


def test_the_database_refuses_a_grave_without_an_area(cemetery) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Plot.objects.create(facility=cemetery, region_code=cemetery.region_code, section="A", row=1, number=1,
                            kind=PlotKind.BODY_SINGLE, area=None, code="y" * 22)


def test_a_grave_needs_an_area_and_a_niche_does_not(personas, cemetery, columbarium) -> None:
    actor = personas.wuxing_funeral_registrar
    with pytest.raises(ValidationError) as exc:
        make(actor, cemetery, area="")
    assert exc.value.message_dict["area"] == [messages.AREA_REQUIRED]
    assert len(make(actor, columbarium, kind=PlotKind.NICHE, area="")) == 10


@pytest.mark.parametrize("area", ["abc", "0", "-1", "0.555"])
def test_a_bad_area_is_named(personas, cemetery, area) -> None:
    with pytest.raises(ValidationError) as exc:
        make(personas.wuxing_funeral_registrar, cemetery, area=area)
    assert exc.value.message_dict["area"][0].startswith("占地面积：")


def test_a_cemetery_takes_no_niches_and_a_columbarium_no_graves(personas, cemetery, columbarium) -> None:
    actor = personas.wuxing_funeral_registrar
    with pytest.raises(ValidationError) as exc:
        make(actor, cemetery, kind=PlotKind.NICHE, area="")
    assert exc.value.message_dict["kind"][0].startswith("类型：公墓只能设")
    with pytest.raises(ValidationError) as exc:
        make(actor, columbarium)
    assert exc.value.message_dict["kind"] == [messages.KIND_NOT_FOR_FACILITY.format(facility="骨灰堂", kinds="骨灰格位")]


def test_places_already_taken_refuse_the_whole_batch(personas, cemetery) -> None:
    actor = personas.wuxing_funeral_registrar
    make(actor, cemetery, row_to=1, number_to=3)
    with pytest.raises(ValidationError) as exc:
        make(actor, cemetery, row_to=2, number_to=5)
    assert "1排1号" in exc.value.message_dict["number_from"][0]
    assert Plot.objects.count() == 3


def test_bad_ranges_and_too_many_are_named(personas, cemetery) -> None:
    actor = personas.wuxing_funeral_registrar
    with pytest.raises(ValidationError) as exc:
        make(actor, cemetery, row_from=3, row_to=2, number_from=0, section="")
    errors = exc.value.message_dict
    assert errors["row_from"][0].startswith("排：") and errors["number_from"][0].startswith("号：")
    assert errors["section"] == [messages.SECTION_REQUIRED]
    with pytest.raises(ValidationError) as exc:
        make(actor, cemetery, row_to=50, number_to=100)
    assert exc.value.message_dict["number_to"] == [messages.TOO_MANY_AT_ONCE.format(max=1000, count=5000)]


def test_a_facility_outside_the_scope_is_not_found(personas, anji_cemetery) -> None:
    with pytest.raises(Http404):
        make(personas.wuxing_funeral_registrar, anji_cemetery)


def test_readers_cannot_create_plots(personas, cemetery) -> None:
    with pytest.raises(PermissionDenied):
        make(personas.auditor, cemetery)
    with pytest.raises(PermissionDenied):
        make(personas.aishan_officer, cemetery)
