"""Bad input to a run is answered in Chinese, naming the field, and nothing is written."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.benefits.models import PaymentRun
from minzheng.benefits.payments import messages, selectors, services
from tests.benefits.payments.conftest import enroll


def refused(actor, **kwargs) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    args = {"program_code": "dibao", "period": "2025-01", "region_prefix": "", **kwargs}
    with pytest.raises(ValidationError) as caught:
        services.payment_run_start(actor=actor, **args)
    assert PaymentRun.objects.count() == 0
    return caught.value.message_dict


def test_an_unknown_program_is_named(regions, dibao, personas) -> None:
    assert refused(personas.wuxing_officer, program_code="nosuch") == {
        "program": [messages.PROGRAM_UNKNOWN.format(code="nosuch")]}




@pytest.mark.parametrize("period", ["2024-13", "2024-00", "2024/06", "24-06", "六月"])
def test_a_bad_period_is_named(regions, dibao, personas, period) -> None:
    assert refused(personas.wuxing_officer, period=period) == {"period": [messages.PERIOD_INVALID.format(value=period)]}


def test_a_region_out_of_scope_is_refused(regions, dibao, personas) -> None:
    assert refused(personas.wuxing_officer, region_prefix="330523") == {
        "region": [messages.REGION_OUT_OF_SCOPE.format(code="330523")]}
    assert refused(personas.wuxing_officer, region_prefix="3305") == {
        "region": [messages.REGION_OUT_OF_SCOPE.format(code="3305")]}
    assert refused(personas.wuxing_officer, region_prefix="33059") == {"region": [messages.REGION_INVALID]}
    assert refused(personas.wuxing_officer, region_prefix="330599") == {
        "region": [messages.REGION_UNKNOWN.format(code="330599")]}


def test_a_township_officer_cannot_start_a_run(regions, dibao, personas) -> None:
    with pytest.raises(PermissionDenied):
        services.payment_run_start(actor=personas.aishan_officer, program_code="dibao", period="2025-01")


def test_a_county_officer_sees_their_county_runs_only(regions, dibao, personas) -> None:
    enroll(dibao)
    enroll(dibao, region_code="330523001001")
    wuxing = services.payment_run_start(actor=personas.wuxing_officer, program_code="dibao", period="2025-01")
    anji = services.payment_run_start(actor=personas.anji_officer, program_code="dibao", period="2025-01")
    city = services.payment_run_start(actor=personas.city_admin, program_code="dibao", period="2025-01")
    assert wuxing.region_prefix == "330502" and city.region_prefix == "3305"
    assert list(selectors.run_list(user=personas.wuxing_officer)) == [wuxing]
    assert set(selectors.run_list(user=personas.city_admin)) == {wuxing, anji, city}
    assert city.line_count == 0  # both counties paid already


def test_the_command_runs_a_month_and_answers_bad_input_in_chinese(regions, dibao, capsys) -> None:
    from django.core.management import CommandError, call_command

    enroll(dibao, amount="1145.00")
    call_command("payments", "run", "--program", "dibao", "--period", "2025-01", "--region", "330502")
    out = capsys.readouterr().out
    assert "明细 1 笔" in out and "合计 1,145.00 元" in out
    call_command("payments", "run", "--program", "dibao", "--period", "2025-01", "--region", "330502")
    assert "明细 1 笔" in capsys.readouterr().out  # again: nothing added
    with pytest.raises(CommandError, match="period：发放月份格式应为"):
        call_command("payments", "run", "--program", "dibao", "--period", "2024-13")
    with pytest.raises(CommandError, match="program：救助项目不存在：nosuch"):
        call_command("payments", "run", "--program", "nosuch", "--period", "2025-01")
