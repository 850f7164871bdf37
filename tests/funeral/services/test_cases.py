"""Opening a case and recording and voiding services: who may, what is audited and logged, and each
bad input refused with its Chinese reason on its field, writing nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from minzheng.core.models import AccessLog, AuditEntry
from minzheng.facilities.sites.models import Facility
from minzheng.funeral.services import messages
from minzheng.funeral.services.models import FuneralCase, FuneralService
from minzheng.funeral.services.services import funeral_case_open, funeral_service_add, funeral_service_void
from tests.factories import PersonFactory, id_number_for
from tests.funeral.services.conftest import DEATH, deceased, kind, place

pytestmark = pytest.mark.django_db


def open_case(actor, home, n: int = 1, **extra):  # type: ignore[no-untyped-def]
    values = {"id_number": id_number_for(n), "received_on": DEATH, **extra}
    return funeral_case_open(actor=actor, home=home, **values)


def reasons(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_opening_a_case_takes_the_home_region_audits_and_logs_the_look_up(personas, homes) -> None:
    person = deceased(1)
    case = open_case(personas.wuxing_funeral_registrar, homes["wuxing"], family_contact="张三")
    assert (case.person, case.region_code, case.hukou_province) == (person, "330502100000", "33")
    assert AuditEntry.objects.filter(action="funeral.case.opened", object_id=str(case.pk)).count() == 1
    assert AccessLog.objects.filter(kind=AccessLog.Kind.LOOKUP, subject_id=str(person.pk)).exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"id_number": ""}, "id_number", messages.ID_NUMBER_REQUIRED),
        ({"id_number": "33050219800517000X"}, "id_number", None),
        ({"id_number": id_number_for(99)}, "id_number", messages.PERSON_UNKNOWN),
        ({"received_on": ""}, "received_on", messages.DATE_REQUIRED.format(field="受理日期")),
        ({"received_on": "2025-13-01"}, "received_on", messages.DATE_INVALID.format(field="受理日期")),
        ({"received_on": dt.date(2025, 3, 1)}, "received_on", messages.RECEIVED_BEFORE_DEATH.format(date="2025-03-02")),
        ({"received_on": timezone.localdate() + dt.timedelta(days=1)}, "received_on",
         messages.DATE_FUTURE.format(field="受理日期")),
        ({"hukou_province": "3"}, "hukou_province", messages.PROVINCE_INVALID),
        ({"hukou_province": "0a"}, "hukou_province", messages.PROVINCE_INVALID),
        ({"family_contact": "长" * 51}, "family_contact", messages.CONTACT_TOO_LONG),
    ],
)
def test_bad_case_input_is_refused_by_field(personas, homes, values, field, message) -> None:
    deceased(1)
    with pytest.raises(ValidationError) as exc:
        open_case(personas.wuxing_funeral_registrar, homes["wuxing"], **values)
    assert field in reasons(exc)
    if message is not None:
        assert reasons(exc)[field] == [message]
    assert reasons(exc)[field][0].startswith(("逝者身份证号：", "受理日期：", "户籍省份：", "家属联系人："))
    assert not FuneralCase.objects.exists()


def test_a_living_person_gets_no_case(personas, homes) -> None:
    PersonFactory(raw_id_number=id_number_for(1), name="王在世")
    with pytest.raises(ValidationError) as exc:
        open_case(personas.wuxing_funeral_registrar, homes["wuxing"])
    assert reasons(exc)["id_number"] == [messages.PERSON_ALIVE.format(name="王在世")]


def test_a_person_has_one_case(personas, homes, case) -> None:
    with pytest.raises(ValidationError) as exc:
        open_case(personas.wuxing_funeral_registrar, homes["wuxing"])
    assert reasons(exc)["id_number"] == [messages.PERSON_HAS_CASE.format(
        name=case.person.name, home="吴兴区殡仪馆", date="2025-03-02")]
    assert FuneralCase.objects.count() == 1


def test_the_home_must_be_an_open_funeral_home_in_scope(personas, homes) -> None:
    deceased(1)
    actor = personas.wuxing_funeral_registrar
    with pytest.raises(ValidationError) as exc:
        open_case(actor, None)
    assert reasons(exc)["home"] == [messages.HOME_REQUIRED]
    with pytest.raises(ValidationError) as exc:
        open_case(actor, place("骨灰堂", Facility.Kind.COLUMBARIUM, "330502100000"))
    assert reasons(exc)["home"] == [messages.HOME_NOT_FUNERAL]
    with pytest.raises(ValidationError) as exc:
        open_case(actor, place("旧殡仪馆", region_code="330502100000", status=Facility.Status.CLOSED))
    assert reasons(exc)["home"] == [messages.HOME_CLOSED.format(name="旧殡仪馆")]
    with pytest.raises(Http404):
        open_case(actor, homes["anji"])


def test_only_case_keepers_open_cases(personas, homes) -> None:
    deceased(1)
    for actor in (personas.village_worker, personas.auditor, personas.city_admin):
        with pytest.raises(PermissionDenied):
            open_case(actor, homes["wuxing"])


def at(hour: int = 10, day: dt.date = DEATH) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"service_type": None}, "service_type", messages.SERVICE_TYPE_REQUIRED),
        ({"fee": ""}, "fee", messages.FEE_REQUIRED),
        ({"fee": "-1"}, "fee", messages.FEE_INVALID),
        ({"fee": "12.345"}, "fee", messages.FEE_INVALID),
        ({"fee": "abc"}, "fee", messages.FEE_INVALID),
        ({"fee": "NaN"}, "fee", messages.FEE_INVALID),
        ({"fee": "100000000"}, "fee", messages.FEE_TOO_BIG.format(max="99999999.99")),
        ({"performed_at": ""}, "performed_at", messages.PERFORMED_REQUIRED),
        ({"performed_at": "昨天"}, "performed_at", messages.PERFORMED_INVALID),
        ({"performed_at": at(day=dt.date(2025, 3, 1))}, "performed_at",
         messages.PERFORMED_BEFORE_DEATH.format(date="2025-03-02")),
        ({"performed_at": timezone.now() + dt.timedelta(hours=2)}, "performed_at", messages.PERFORMED_FUTURE),
    ],
)
def test_bad_service_input_is_refused_by_field(personas, case, values, field, message) -> None:
    args = {"service_type": kind("cremation"), "facility": case.home, "performed_at": at(), "fee": "500", **values}
    with pytest.raises(ValidationError) as exc:
        funeral_service_add(actor=personas.wuxing_funeral_registrar, case=case, **args)
    assert reasons(exc) == {field: [message]}
    assert not FuneralService.objects.exists()


def test_the_service_place_is_a_funeral_place_in_scope(personas, homes, case) -> None:
    actor = personas.wuxing_funeral_registrar
    args = {"service_type": kind("farewell"), "performed_at": at(), "fee": "300"}
    school = place("小学", Facility.Kind.SCHOOL, "330502100000")
    for facility, message in ((None, messages.FACILITY_REQUIRED), (school, messages.FACILITY_KIND),
                              (homes["anji"], messages.FACILITY_OUT_OF_SCOPE)):
        with pytest.raises(ValidationError) as exc:
            funeral_service_add(actor=actor, case=case, facility=facility, **args)
        assert reasons(exc) == {"facility": [message]}
    hall = place("集中治丧点", Facility.Kind.MOURNING_POINT, "330502100000")
    assert funeral_service_add(actor=actor, case=case, facility=hall, **args).facility == hall


def test_a_case_outside_the_scope_is_not_found(personas, case) -> None:
    with pytest.raises(Http404):
        funeral_service_add(actor=personas.anji_officer, case=case, service_type=kind("urn"), facility=case.home,
                            performed_at=at(), fee="100")


def test_a_service_is_audited_and_its_void_needs_a_reason_once(personas, case) -> None:
    actor = personas.wuxing_funeral_registrar
    line = funeral_service_add(actor=actor, case=case, service_type=kind("urn"), facility=case.home,
                               performed_at=at(), fee="100")
    assert AuditEntry.objects.filter(action="funeral.service.recorded", object_id=str(line.pk)).count() == 1
    with pytest.raises(ValidationError) as exc:
        funeral_service_void(actor=actor, service=line, reason=" ")
    assert reasons(exc) == {"reason": [messages.VOID_REASON_REQUIRED]}
    funeral_service_void(actor=actor, service=line, reason="家属自备骨灰盒")
    with pytest.raises(ValidationError) as exc:
        funeral_service_void(actor=actor, service=line, reason="再次")
    assert list(reasons(exc)) == ["reason"] and reasons(exc)["reason"][0].startswith("服务项目：该记录已于")
    assert AuditEntry.objects.filter(action="funeral.service.voided", object_id=str(line.pk)).count() == 1
