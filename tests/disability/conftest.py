"""Fixtures for mental-health rehab: two rehab organizations (one in 吴兴区's 爱山街道, run by
provider a with an operator account; one in 安吉县, provider b), a community care centre, and
helpers that register patients and record services through the real services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from minzheng.core.models import User
from minzheng.disability.network.models import RehabStandard
from minzheng.disability.patients import services as patient_services
from minzheng.disability.patients.models import RehabPatient
from minzheng.disability.records import services as record_services
from minzheng.disability.records.models import RehabService
from minzheng.facilities.models import Facility, Operator
from minzheng.facilities.operators import services as operator_services
from minzheng.people.models import Person
from tests.assistance.factories import person_born
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.beds.conftest import api, fresh, login  # noqa: F401  (client fixtures)
from tests.facilities.factories import USCC_A, USCC_B, FacilityFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE, Personas
from tests.personas import PASSWORD as PERSONA_PASSWORD

PASSWORD = PERSONA_PASSWORD  # the browser tests sign in with it
TARGETS = [(2023, "50.00", "30.00"), (2024, "65.00", "45.00"), (2025, "80.00", "60.00")]


def standards_reseed() -> None:
    """The migration's targets again (a live-server test flushes every table)."""
    for year, counties, patients in TARGETS:
        RehabStandard.objects.get_or_create(
            year=year, defaults={"counties_target": counties, "patients_target": patients}
        )


@dataclass
class Rehab:
    a: Operator
    b: Operator
    op_a: User  # runs `wuxing`
    op_b: User  # runs `anji`
    wuxing: Facility  # rehab organization in MY_VILLAGE (爱山街道, 吴兴区)
    anji: Facility  # rehab organization in OTHER_COUNTY_VILLAGE (安吉县)
    centre: Facility  # community care centre in MY_VILLAGE


def build_rehab(personas: Personas) -> Rehab:
    standards_reseed()
    admin = personas.city_admin
    a = operator_services.operator_create(
        actor=admin, name="湖州康宁精神康复服务中心", uscc=USCC_A, region_code="330500000000"
    )
    b = operator_services.operator_create(
        actor=admin, name="安吉阳光康复服务社", uscc=USCC_B, region_code="330500000000"
    )
    op_a = operator_services.operator_account_create(
        actor=admin, operator=a, username="rehab_op_a", password=PASSWORD, display_name="康宁康复师"
    ).user
    op_b = operator_services.operator_account_create(
        actor=admin, operator=b, username="rehab_op_b", password=PASSWORD, display_name="阳光康复师"
    ).user
    wuxing = FacilityFactory(
        name="吴兴区精神康复中心", kind=Facility.Kind.MENTAL_REHAB_CENTRE, operator=a, region_code=MY_VILLAGE
    )
    anji = FacilityFactory(
        name="安吉县精神康复中心",
        kind=Facility.Kind.MENTAL_REHAB_CENTRE,
        operator=b,
        region_code=OTHER_COUNTY_VILLAGE,
    )
    centre = FacilityFactory(
        name="仪凤桥居家养老服务中心", kind=Facility.Kind.COMMUNITY_CARE_CENTRE, region_code=MY_VILLAGE
    )
    return Rehab(a=a, b=b, op_a=op_a, op_b=op_b, wuxing=wuxing, anji=anji, centre=centre)


@pytest.fixture
def rehab(personas: Personas) -> Rehab:
    return build_rehab(personas)


def resident(born: dt.date = dt.date(1985, 3, 1), *, region_code: str = MY_VILLAGE) -> tuple[Person, str]:
    return person_born(born, region_code=region_code)


def patient(
    actor: User,
    organization: Facility,
    *,
    person: Person | None = None,
    region_code: str = MY_VILLAGE,
    registered_on: dt.date = dt.date(2023, 3, 1),
    consent_on: dt.date | None = dt.date(2023, 3, 1),
    signer: str = "patient",
) -> RehabPatient:
    """A patient registered through the real service, with the patient's own consent by default."""
    person = person or resident(region_code=region_code)[0]
    return patient_services.patient_register(
        actor=actor,
        person=person,
        organization=organization,
        diagnosis="schizophrenia",
        severity="moderate",
        registered_on=registered_on,
        consent_on=consent_on,
        consent_signer=signer if consent_on else "",
        guardian_name="王监护" if consent_on and signer == "guardian" else "",
    )


def services_for(
    operator: User, p: RehabPatient, facility: Facility, days: list[dt.date], kind: str = "medication"
) -> list[RehabService]:
    return [
        record_services.service_record(
            actor=fresh(operator),
            patient=p,
            facility=facility,
            kind=kind,
            served_on=day,
            minutes=60,
            staff="李康复",
        )
        for day in days
    ]
