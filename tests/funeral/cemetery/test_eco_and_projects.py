"""Eco burials by type, of deceased registry persons, in scope; conversion projects go planned →
underway → completed with their dates checked, and ``cemeteries_renovated`` counts those
completed in a year in the user's scope."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.funeral.cemetery import messages, selectors, services
from minzheng.funeral.cemetery.models import ConversionProject, EcoBurial, EcoBurialKind, ProjectStatus
from tests.factories import PersonFactory
from tests.funeral.cemetery.conftest import ANJI, deceased_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2024, 12, 20, 10, 0), tick=False):
        yield


@pytest.mark.parametrize("kind", EcoBurialKind.values)
def test_every_eco_burial_type_is_recorded(personas, kind) -> None:
    person = deceased_person(1)
    burial = services.eco_burial_record(actor=personas.wuxing_funeral_registrar, person=person, kind=kind,
                                        buried_on=dt.date(2024, 4, 4), place="青山生态园")
    assert burial.region_code == person.region_code
    assert AuditEntry.objects.filter(action="funeral.eco_burial.recorded").count() == 1
    assert selectors.eco_burial_counts(user=personas.wuxing_funeral_registrar, year=2024) == {kind: 1}


def test_an_eco_burial_in_a_cemetery_belongs_to_the_cemetery(personas, columbarium) -> None:
    person = deceased_person(2, region=ANJI)
    burial = services.eco_burial_record(actor=personas.wuxing_funeral_registrar, person=person,
                                        kind=EcoBurialKind.NICHE, buried_on="2024-04-04", place="壁葬区",
                                        facility=columbarium)
    assert burial.region_code == columbarium.region_code


def test_bad_eco_burials_are_named(personas) -> None:
    actor = personas.wuxing_funeral_registrar
    with pytest.raises(ValidationError) as exc:
        services.eco_burial_record(actor=actor, person=PersonFactory(), kind="rocket", buried_on="2025-01-01",
                                   place="")
    errors = exc.value.message_dict
    assert errors["kind"] == [messages.ECO_KIND_UNKNOWN]
    assert errors["place"] == [messages.PLACE_REQUIRED]
    assert errors["buried_on"] == [messages.DATE_IN_FUTURE.format(label="安葬日期")]
    assert errors["person"] == [messages.DECEASED_NOT_DECEASED]
    person = deceased_person(3, died=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.eco_burial_record(actor=actor, person=person, kind="sea", buried_on="2024-04-30", place="东海")
    assert exc.value.message_dict["buried_on"] == [
        messages.DATE_BEFORE_DEATH.format(label="安葬日期", death=dt.date(2024, 5, 1))]
    services.eco_burial_record(actor=actor, person=person, kind="sea", buried_on="2024-05-03", place="东海")
    with pytest.raises(ValidationError) as exc:
        services.eco_burial_record(actor=actor, person=person, kind="tree", buried_on="2024-05-03", place="林地")
    assert exc.value.message_dict["person"] == [messages.ECO_ALREADY]
    with pytest.raises(ValidationError) as exc:
        services.eco_burial_record(actor=actor, person=deceased_person(4, region=ANJI), kind="sea",
                                   buried_on="2024-05-03", place="东海")
    assert exc.value.message_dict["facility"] == [messages.REGION_OUT_OF_SCOPE]
    assert EcoBurial.objects.count() == 1


def test_a_project_goes_from_plan_to_completion(personas, cemetery) -> None:
    actor = personas.wuxing_funeral_registrar
    project = services.conversion_project_create(actor=actor, facility=cemetery, plan="老墓区改为草坪葬和树葬区")
    assert project.status == ProjectStatus.PLANNED and project.region_code == cemetery.region_code
    with pytest.raises(ValidationError) as exc:
        services.conversion_project_complete(actor=actor, project=project, completed_on="2024-10-01")
    assert exc.value.message_dict["completed_on"] == [messages.PROJECT_NOT_STARTED]
    services.conversion_project_start(actor=actor, project=project, started_on="2024-03-01")
    with pytest.raises(ValidationError) as exc:
        services.conversion_project_complete(actor=actor, project=project, completed_on="2024-02-01")
    assert exc.value.message_dict["completed_on"] == [
        messages.COMPLETED_BEFORE_START.format(started=dt.date(2024, 3, 1))]
    done = services.conversion_project_complete(actor=actor, project=project, completed_on="2024-10-01")
    assert done.status == ProjectStatus.COMPLETED and done.completed_on == dt.date(2024, 10, 1)
    assert AuditEntry.objects.filter(action__startswith="funeral.conversion.").count() == 3


def test_a_project_needs_a_cemetery_and_a_plan(personas, columbarium, anji_cemetery) -> None:
    actor = personas.wuxing_funeral_registrar
    with pytest.raises(ValidationError) as exc:
        services.conversion_project_create(actor=actor, facility=columbarium, plan=" ")
    assert exc.value.message_dict == {"facility": [messages.PROJECT_ONLY_CEMETERY], "plan": [messages.PLAN_REQUIRED]}
    with pytest.raises(Http404):
        services.conversion_project_create(actor=actor, facility=anji_cemetery, plan="改造")


def test_the_database_refuses_a_completed_project_without_dates(cemetery) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ConversionProject.objects.create(facility=cemetery, region_code=cemetery.region_code, plan="x",
                                         status=ProjectStatus.COMPLETED)


def test_cemeteries_renovated_counts_the_years_completions_in_scope(personas, cemetery, anji_cemetery) -> None:
    def completed(facility, day):  # type: ignore[no-untyped-def]
        ConversionProject.objects.create(facility=facility, region_code=facility.region_code, plan="改造",
                                         status=ProjectStatus.COMPLETED, started_on=dt.date(2023, 1, 1),
                                         completed_on=day)
    completed(cemetery, dt.date(2024, 5, 1))
    completed(anji_cemetery, dt.date(2024, 12, 31))
    completed(anji_cemetery, dt.date(2023, 12, 31))
    ConversionProject.objects.create(facility=cemetery, region_code=cemetery.region_code, plan="计划")
    assert selectors.cemeteries_renovated(user=personas.city_admin, year=2024) == 2
    assert selectors.cemeteries_renovated(user=personas.wuxing_officer, year=2024) == 1
    assert selectors.cemeteries_renovated(user=personas.anji_officer, year=2023) == 1
    assert selectors.cemeteries_renovated(user=personas.nobody, year=2024) == 0
