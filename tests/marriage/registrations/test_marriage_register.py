"""Registering a marriage (``registrations.services.marriage_register``): the legal checks against
our own records, the attested presence, parties entered when unknown (全国通办), the certificate in
the office's series, both statuses married with their history, one audit entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.idnumber import make_id_number
from minzheng.core.models import AuditEntry
from minzheng.marriage import messages
from minzheng.marriage.registrations.models import (
    Certificate,
    MaritalState,
    MaritalStatus,
    MaritalStatusChange,
    Marriage,
)
from minzheng.people.models import Person
from tests.marriage.registrations.conftest import office, person, register
from tests.personas import MY_VILLAGE, Personas

D = dt.date


def test_a_couple_is_registered_with_a_certificate_and_both_become_married(registrar, wuxing_office) -> None:
    husband, wife = person("M"), person("F")
    marriage = register(registrar, wuxing_office, husband, wife)
    assert marriage.region_code == wuxing_office.region_code and marriage.both_present
    assert (marriage.husband_age, marriage.wife_age) == (35, 32)
    certificate = Certificate.objects.get(marriage=marriage)
    assert certificate.number == f"J330502-{wuxing_office.pk:04d}-2025-000001" and certificate.kind == "J"
    for p, spouse in ((husband, wife), (wife, husband)):
        status = MaritalStatus.objects.get(person=p)
        assert (status.status, status.spouse, status.marriage, status.since) == ("married", spouse, marriage, D(2025, 6, 16))
        change = MaritalStatusChange.objects.get(person=p)
        assert (change.before, change.after, change.cause) == ("unmarried", "married", "marriage")
    entry = AuditEntry.objects.get(action="marriage.marriage.registered")
    assert entry.after["certificate"] == certificate.number


def test_the_second_marriage_of_the_year_takes_the_next_number(registrar, wuxing_office) -> None:
    register(registrar, wuxing_office, person("M"), person("F"))
    second = register(registrar, wuxing_office, person("M"), person("F"))
    assert second.certificates.get().number == f"J330502-{wuxing_office.pk:04d}-2025-000002"


def test_bigamy_is_refused_from_our_records_although_the_party_declares_otherwise(registrar, wuxing_office) -> None:
    husband, wife, other = person("M"), person("F"), person("F")
    register(registrar, wuxing_office, husband, wife)
    with pytest.raises(ValidationError) as exc:
        register(registrar, wuxing_office, husband, other, declared_not_married=True)
    assert exc.value.message_dict == {"husband_id_number": [messages.PARTY_MARRIED.format(party="男方")]}
    assert Marriage.objects.count() == 1 and not MaritalStatus.objects.filter(person=other).exists()


def test_a_registration_in_another_county_also_sees_the_marriage(registrar, wuxing_office, anji_office,
                                                                  personas: Personas) -> None:
    husband, wife = person("M"), person("F")
    register(registrar, wuxing_office, husband, wife)
    with pytest.raises(ValidationError) as exc:
        register(personas.anji_marriage_registrar, anji_office, person("M"), wife)
    assert messages.PARTY_MARRIED.format(party="女方") in exc.value.message_dict["wife_id_number"]


def test_the_ages_are_checked_on_the_registration_date_to_the_birthday(registrar, wuxing_office) -> None:
    young = person("M", D(2003, 6, 16))
    with pytest.raises(ValidationError) as exc:
        register(registrar, wuxing_office, young, person("F"), on=D(2025, 6, 15))
    assert exc.value.message_dict["husband_id_number"][0].startswith("男方：登记日未满法定婚龄")
    assert register(registrar, wuxing_office, young, person("F"), on=D(2025, 6, 16)).husband_age == 22


def test_a_dead_party_is_refused(registrar, wuxing_office) -> None:
    wife = person("F", status="deceased", death_date=D(2024, 1, 1))
    with pytest.raises(ValidationError) as exc:
        register(registrar, wuxing_office, person("M"), wife)
    assert exc.value.message_dict == {"wife_id_number": [messages.PARTY_DECEASED.format(party="女方")]}


def test_without_the_registrars_attestation_of_presence_nothing_is_written(registrar, wuxing_office) -> None:
    with pytest.raises(ValidationError) as exc:
        register(registrar, wuxing_office, person("M"), person("F"), both_present=False, declared_not_married=False)
    assert exc.value.message_dict == {
        "both_present": [messages.BOTH_PRESENT_REQUIRED],
        "declared_not_married": [messages.DECLARED_NOT_MARRIED_REQUIRED],
    }
    assert not Marriage.objects.exists() and not Certificate.objects.exists()


def test_without_the_declaration_of_no_prohibited_relationship_it_is_refused(registrar, wuxing_office) -> None:
    with pytest.raises(ValidationError) as exc:
        register(registrar, wuxing_office, person("M"), person("F"), declared_no_prohibited_relationship=False)
    assert exc.value.message_dict == {"__all__": [messages.PROHIBITED_NOT_DECLARED]}


def test_a_refusal_gives_back_the_certificate_number(registrar, wuxing_office) -> None:
    with pytest.raises(ValidationError):
        register(registrar, wuxing_office, person("M", D(2010, 1, 1)), person("F"))
    assert register(registrar, wuxing_office, person("M"), person("F")).certificates.get().serial == 1


def test_an_unknown_party_from_another_province_is_entered_at_the_offices_place(registrar, wuxing_office) -> None:
    outsider = make_id_number("110101", D(1994, 2, 3), 22)  # a Beijing woman, unknown here
    marriage = register(registrar, wuxing_office, person("M"), person("F"), wife_id_number=outsider,
                        wife_name="北京人")
    wife = marriage.wife
    assert wife.name == "北京人" and wife.region_code == MY_VILLAGE and wife.birth_date == D(1994, 2, 3)
    assert Person.objects.filter(name="北京人").count() == 1


def test_an_unknown_party_without_a_name_is_asked_for_it(registrar, wuxing_office) -> None:
    with pytest.raises(ValidationError) as exc:
        register(registrar, wuxing_office, person("M"), person("F"),
                 wife_id_number=make_id_number("110101", D(1994, 2, 3), 22))
    assert exc.value.message_dict == {"wife_name": [messages.PARTY_NAME_REQUIRED.format(party="女方")]}
    assert not Person.objects.filter(birth_date=D(1994, 2, 3)).exists()


@pytest.mark.parametrize(("value", "reason"), [("123", "位"), ("", "不能为空")])
def test_a_bad_id_number_names_the_party(registrar, wuxing_office, value: str, reason: str) -> None:
    with pytest.raises(ValidationError) as exc:
        register(registrar, wuxing_office, person("M"), person("F"), husband_id_number=value)
    [text] = exc.value.message_dict["husband_id_number"]
    assert text.startswith("男方身份证号：") and reason in text


def test_a_womans_id_number_as_the_husband_is_refused(registrar, wuxing_office) -> None:
    with pytest.raises(ValidationError) as exc:
        register(registrar, wuxing_office, person("F"), person("F"))
    assert exc.value.message_dict == {"husband_id_number": ["男方身份证号：该身份证号为女性"]}


def test_a_future_date_is_refused(registrar, wuxing_office) -> None:
    with pytest.raises(ValidationError) as exc:
        register(registrar, wuxing_office, person("M"), person("F"), on=dt.date.today() + dt.timedelta(days=1))
    assert exc.value.message_dict == {"registered_on": [messages.REGISTERED_ON_FUTURE]}


def test_an_office_of_another_county_is_not_found_and_a_closed_one_refused(registrar, anji_office) -> None:
    with pytest.raises(Http404):
        register(registrar, anji_office, person("M"), person("F"))
    closed = office(status="closed", name="旧登记处")
    with pytest.raises(ValidationError) as exc:
        register(registrar, closed, person("M"), person("F"))
    assert exc.value.message_dict == {"office": [messages.OFFICE_CLOSED]}


def test_only_registrars_register(personas: Personas, wuxing_office) -> None:
    with pytest.raises(PermissionDenied):
        register(personas.wuxing_officer, wuxing_office, person("M"), person("F"))


def test_divorced_and_widowed_may_marry_again(registrar, wuxing_office) -> None:
    from minzheng.marriage.registrations.statuses import status_set

    husband, wife = person("M"), person("F")
    status_set(person=husband, status=MaritalState.DIVORCED, on=D(2020, 1, 1), cause="divorce", region_code=MY_VILLAGE)
    status_set(person=wife, status=MaritalState.WIDOWED, on=D(2020, 1, 1), cause="spouse_died", region_code=MY_VILLAGE)
    register(registrar, wuxing_office, husband, wife)
    assert list(MaritalStatusChange.objects.filter(person=wife).values_list("after", flat=True)) == ["widowed", "married"]
