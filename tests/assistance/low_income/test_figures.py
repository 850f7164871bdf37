"""The year's assistance figures (``assistance_figures``), the page and the API: counted from
enrollments, applications and paid lines, in the reader's scope only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from minzheng.assistance import messages
from minzheng.assistance.low_income.figures import YEAR_MAX, YEAR_MIN
from minzheng.assistance.low_income.selectors import assistance_figures
from minzheng.benefits.models import Enrollment, PaymentLine, PaymentRun, Program
from minzheng.people.models import Membership
from tests.benefits.factories import deceased, household_with
from tests.factories import PersonFactory
from tests.personas import Personas

WUXING, ANJI = "330502003001", "330523001001"


def enrolled(code: str, *, approved_on: dt.date, stop_month: dt.date | None = None, region_code: str = WUXING,
             members: int = 2, amount: str = "500.00") -> Enrollment:
    program = Program.objects.get(code=code)
    if program.is_household:
        household = household_with(*(["spouse"] * (members - 1)), region_code=region_code)
        who: dict[str, object] = {"household": household}
    else:
        who, members = {"person": PersonFactory(region_code=region_code)}, 1
    start = dt.date(approved_on.year + approved_on.month // 12, approved_on.month % 12 + 1, 1)
    status = Enrollment.Status.TERMINATED if stop_month else Enrollment.Status.ACTIVE
    return Enrollment.objects.create(program=program, region_code=region_code, approved_on=approved_on,
                                     start_month=start, stop_month=stop_month, status=status,
                                     monthly_amount=Decimal(amount), persons=members, **who)


def paid(enrollment: Enrollment, period: dt.date, amount: str, status: str = PaymentLine.Status.PAID) -> None:
    run, _ = PaymentRun.objects.get_or_create(program=enrollment.program, period=period, region_prefix="3305",
                                              defaults={"region_code": "330500000000"})
    PaymentLine.objects.create(run=run, program=enrollment.program, enrollment=enrollment, period=period,
                               region_code=enrollment.region_code, amount=Decimal(amount), status=status,
                               created_at=timezone.now())


def test_monitored_people_are_those_covered_in_december_and_the_years_temporary_aid(personas: Personas) -> None:
    dibao = enrolled("dibao", approved_on=dt.date(2022, 5, 1), members=3)
    deceased(Membership.objects.filter(household=dibao.household).exclude(relationship="self").first().person,
             on=dt.date(2024, 8, 1))  # died during the year: not monitored at its end
    enrolled("dibian", approved_on=dt.date(2024, 6, 3), members=2)
    enrolled("dibao", approved_on=dt.date(2022, 5, 1), stop_month=dt.date(2024, 7, 1), members=4)  # ended
    tekun = enrolled("tekun", approved_on=dt.date(2023, 2, 1))
    enrolled("temporary_aid", approved_on=dt.date(2024, 3, 9), stop_month=dt.date(2024, 5, 1))
    aid_again = Enrollment.objects.create(  # the tekun person helped as well: still one person
        program=Program.objects.get(code="temporary_aid"), person=tekun.person, region_code=WUXING,
        approved_on=dt.date(2024, 9, 1), start_month=dt.date(2024, 10, 1), stop_month=dt.date(2024, 11, 1),
        status=Enrollment.Status.TERMINATED, monthly_amount=Decimal("800.00"))
    enrolled("temporary_aid", approved_on=dt.date(2023, 3, 9), stop_month=dt.date(2023, 5, 1))  # other year
    enrolled("dibao", approved_on=dt.date(2022, 5, 1), members=5, region_code=ANJI)  # other county
    assert aid_again.pk
    figures = assistance_figures(user=personas.wuxing_officer, year=2024)
    assert figures["low_income_monitored"] == 2 + 2 + 1 + 1
    assert assistance_figures(user=personas.city_admin, year=2024)["low_income_monitored"] == 6 + 5
    assert assistance_figures(user=personas.anji_officer, year=2024)["low_income_monitored"] == 5


def test_dibian_newly_identified_counts_the_years_approvals_in_households_and_people(personas: Personas) -> None:
    enrolled("dibian", approved_on=dt.date(2024, 1, 15), members=3)
    enrolled("dibian", approved_on=dt.date(2024, 12, 31), members=2)
    enrolled("dibian", approved_on=dt.date(2023, 12, 31), members=4)
    enrolled("dibian", approved_on=dt.date(2024, 5, 5), members=1, region_code=ANJI)
    figures = assistance_figures(user=personas.wuxing_officer, year=2024)
    assert (figures["dibian_new_households"], figures["dibian_new_people"]) == (2, 5)


def test_basic_aid_spent_sums_the_paid_lines_of_dibao_tekun_and_temporary_aid_of_the_year(
        personas: Personas) -> None:
    dibao = enrolled("dibao", approved_on=dt.date(2023, 1, 1))
    tekun = enrolled("tekun", approved_on=dt.date(2023, 1, 1))
    disability = enrolled("disability_living", approved_on=dt.date(2023, 1, 1))
    paid(dibao, dt.date(2024, 1, 1), "1000.10")
    paid(dibao, dt.date(2024, 2, 1), "1000.10", status=PaymentLine.Status.FAILED)  # returned by the bank
    paid(dibao, dt.date(2024, 3, 1), "1000.10", status=PaymentLine.Status.PENDING)  # not confirmed yet
    paid(dibao, dt.date(2023, 12, 1), "999.00")  # last year
    paid(tekun, dt.date(2024, 12, 1), "2150.00")
    paid(disability, dt.date(2024, 1, 1), "410.00")  # not basic assistance
    assert assistance_figures(user=personas.wuxing_officer, year=2024)["basic_aid_spent"] == Decimal("3150.10")
    assert assistance_figures(user=personas.anji_officer, year=2024)["basic_aid_spent"] == Decimal("0.00")


def test_the_standards_are_those_in_force_in_december(personas: Personas) -> None:
    figures = assistance_figures(user=personas.aishan_officer, year=2024)
    assert (figures["dibao_standard"], figures["tekun_standard"]) == (Decimal("1145.00"), Decimal("1950.00"))
    assert assistance_figures(user=personas.aishan_officer, year=2023)["dibao_standard"] is None


def test_the_api_answers_the_callers_scope_and_names_a_bad_year(personas: Personas) -> None:
    enrolled("dibian", approved_on=dt.date(2024, 1, 15), members=3, region_code=ANJI)
    client = Client()
    client.force_login(personas.anji_officer)
    answer = client.get("/api/assistance/figures/", {"year": "2024"})
    assert answer.status_code == 200
    assert answer.json()["dibian_new_people"] == 3 and answer.json()["dibao_standard"] == "1145.00"
    client.force_login(personas.wuxing_officer)
    assert client.get("/api/assistance/figures/", {"year": "2024"}).json()["dibian_new_people"] == 0
    error = messages.FIGURES_YEAR_INVALID.format(min=YEAR_MIN, max=YEAR_MAX)
    for bad in ("", "二〇二四", "1999", "2024.5"):
        answer = client.get("/api/assistance/figures/", {"year": bad})
        assert (answer.status_code, answer.json()) == (400, {"year": [error]})


def test_the_page_shows_the_figures_and_refuses_staff_without_the_permission(personas: Personas) -> None:
    enrolled("dibian", approved_on=dt.date(2024, 1, 15), members=3)
    client = Client()
    client.force_login(personas.aishan_officer)
    page = client.get("/assistance/figures/", {"year": "2024"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "2024 年社会救助数据" in text and "认定低收入扩面对象（低保边缘）" in text and "1,145.00" in text
    bad = client.get("/assistance/figures/", {"year": "abc"})
    assert bad.status_code == 400
    assert messages.FIGURES_YEAR_INVALID.format(min=YEAR_MIN, max=YEAR_MAX) in bad.content.decode()
    client.force_login(personas.auditor)
    assert client.get("/assistance/figures/").status_code == 403
    assert client.get("/api/assistance/figures/", {"year": "2024"}).status_code == 403
