"""Certificate replacement (补领) and the courts' void and annulled marks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minzheng.core.models import AuditEntry
from minzheng.marriage import messages
from minzheng.marriage.registrations import services
from minzheng.marriage.registrations.models import Certificate, MaritalStatus, Marriage
from minzheng.marriage.registrations.statuses import status_set
from tests.marriage.registrations.conftest import office, person, register
from tests.personas import MY_VILLAGE

D = dt.date


@pytest.fixture
def marriage(registrar, wuxing_office) -> Marriage:
    return register(registrar, wuxing_office, person("M"), person("F"), on=D(2024, 5, 20))


def test_a_replacement_gets_a_new_number_and_the_old_is_marked_replaced(registrar, wuxing_office, marriage) -> None:
    old = marriage.certificates.get()
    new = services.certificate_replace(actor=registrar, certificate=old, office=wuxing_office, reason="遗失",
                                       issued_on=D(2025, 2, 3))
    assert new.number == f"BJ330502-{wuxing_office.pk:04d}-2025-000001" and new.replaces == old and new.status == "valid"
    old.refresh_from_db()
    assert old.status == "replaced"
    assert AuditEntry.objects.get(action="marriage.certificate.replaced").after["replaces"] == old.number


def test_a_replaced_certificate_cannot_be_replaced_again(registrar, wuxing_office, marriage) -> None:
    old = marriage.certificates.get()
    services.certificate_replace(actor=registrar, certificate=old, office=wuxing_office, reason="遗失")
    with pytest.raises(ValidationError) as exc:
        services.certificate_replace(actor=registrar, certificate=old, office=wuxing_office, reason="遗失")
    assert exc.value.message_dict == {"certificate": [messages.CERTIFICATE_NOT_VALID.format(status="已补领换发")]}


def test_a_replacement_needs_a_reason(registrar, wuxing_office, marriage) -> None:
    with pytest.raises(ValidationError) as exc:
        services.certificate_replace(actor=registrar, certificate=marriage.certificates.get(), office=wuxing_office,
                                     reason="")
    assert exc.value.message_dict == {"reason": [messages.REPLACE_REASON_REQUIRED]}


def test_a_void_marriage_gives_the_parties_back_their_earlier_status(registrar, wuxing_office) -> None:
    husband, wife = person("M"), person("F")
    status_set(person=wife, status="divorced", on=D(2019, 1, 1), cause="divorce", region_code=MY_VILLAGE)
    marriage = register(registrar, wuxing_office, husband, wife, on=D(2024, 5, 20))
    services.court_mark_record(actor=registrar, marriage=marriage, kind="void", court="湖州市吴兴区人民法院",
                               judgment_number="（2025）浙0502民初123号", effective_on=D(2025, 3, 1))
    marriage.refresh_from_db()
    assert (marriage.status, marriage.ended_on) == ("void", D(2025, 3, 1))
    assert MaritalStatus.objects.get(person=husband).status == "unmarried"
    assert MaritalStatus.objects.get(person=wife).status == "divorced"
    assert set(Certificate.objects.filter(marriage=marriage).values_list("status", flat=True)) == {"voided"}
    assert AuditEntry.objects.filter(action="marriage.marriage.void").count() == 1


def test_an_annulled_marriage_lets_the_parties_marry_again(registrar, wuxing_office, marriage) -> None:
    services.court_mark_record(actor=registrar, marriage=marriage, kind="annulled", court="湖州市吴兴区人民法院",
                               judgment_number="（2025）浙0502民初9号", effective_on=D(2025, 3, 1))
    again = register(registrar, wuxing_office, marriage.husband, person("F"), on=D(2025, 4, 1))
    assert again.status == "valid"


def test_a_court_mark_is_recorded_once_and_checks_its_fields(registrar, marriage) -> None:
    with pytest.raises(ValidationError) as exc:
        services.court_mark_record(actor=registrar, marriage=marriage, kind="fake", court="法院",
                                   judgment_number="1", effective_on=D(2025, 3, 1))
    assert exc.value.message_dict == {"kind": [messages.COURT_KIND_INVALID]}
    with pytest.raises(ValidationError) as exc:
        services.court_mark_record(actor=registrar, marriage=marriage, kind="void", court="法院",
                                   judgment_number="1", effective_on=D(2020, 3, 1))
    assert exc.value.message_dict == {"effective_on": [messages.EFFECTIVE_BEFORE_MARRIAGE.format(date=D(2024, 5, 20))]}
    services.court_mark_record(actor=registrar, marriage=marriage, kind="void", court="法院", judgment_number="1",
                               effective_on=D(2025, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.court_mark_record(actor=registrar, marriage=marriage, kind="annulled", court="法院",
                                   judgment_number="2", effective_on=D(2025, 3, 1))
    assert exc.value.message_dict == {"marriage": [messages.COURT_ALREADY.format(status="无效婚姻")]}


def test_two_offices_of_one_county_number_apart(registrar, wuxing_office) -> None:
    """The city's centre sits in 吴兴区 beside the county's office: each keeps its own series, and
    their first certificates of a year are different numbers."""
    centre = office(name="湖州市婚姻登记中心")
    first = register(registrar, wuxing_office, person("M"), person("F")).certificates.get()
    other = register(registrar, centre, person("M"), person("F")).certificates.get()
    assert (first.serial, other.serial) == (1, 1)
    assert first.number != other.number
