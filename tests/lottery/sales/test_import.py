"""The monthly sales import: a clean file written at once, a file with bad rows written not at
all with every reason by row, re-importing a month replacing its amounts, the importer's scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from minzheng.core.models import AuditEntry, User
from minzheng.core.tabular import xlsx_bytes
from minzheng.lottery.sales.imports import sales_import
from minzheng.lottery.sales.models import MonthlySale
from minzheng.lottery.stations.models import AgencyContract
from tests.lottery.conftest import station
from tests.personas import OTHER_COUNTY_VILLAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(seeded):  # type: ignore[no-untyped-def]
    a = station("甲站")
    b = station("乙站")
    AgencyContract.objects.create(
        station=a,
        region_code=a.region_code,
        contract_number="HZFC-2020-00001",
        terminal_number="3305000001",
        agent_name="王建国",
        signed_on=dt.date(2020, 4, 1),
        valid_from=dt.date(2020, 5, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    c = station("安吉站", region_code=OTHER_COUNTY_VILLAGE)
    return a, b, c


def csv(*rows: str) -> bytes:
    return ("月份,站点,游戏类型,销量\n" + "\n".join(rows) + "\n").encode("utf-8")


def test_a_clean_file_is_written_in_one_go_by_terminal_or_facility_number(personas, sites) -> None:
    a, b, _ = sites
    result = sales_import(
        actor=personas.city_admin,
        filename="2024-05.csv",
        data=csv(
            "2024-05,3305000001,ssq,1000.50",
            f"2024-05,{b.pk},刮刮乐,200",
            '2024-05,3305000001,GGL,"1,000.00"',
        ),
    )
    assert result.ok and (result.rows, result.created, result.replaced) == (3, 3, 0)
    stored = {
        (s.station_id, s.game_type.code): s.amount for s in MonthlySale.objects.select_related("game_type")
    }
    assert stored == {
        (a.pk, "ssq"): Decimal("1000.50"),
        (b.pk, "ggl"): Decimal("200.00"),
        (a.pk, "ggl"): Decimal("1000.00"),
    }
    assert all(
        s.region_code == a.region_code and s.month == dt.date(2024, 5, 1) for s in MonthlySale.objects.all()
    )
    assert AuditEntry.objects.filter(action="lottery.sales.imported").count() == 1


def test_an_xlsx_file_is_read_too(personas, sites) -> None:
    data = xlsx_bytes(
        headers=["月份", "终端编号", "游戏", "销售额"], rows=[["2024-06", "3305000001", "fc3d", 88]]
    )
    assert sales_import(actor=personas.city_admin, filename="六月.xlsx", data=data).created == 1


def test_one_bad_row_means_nothing_is_written_and_each_reason_is_given(personas, sites) -> None:
    _, b, _ = sites
    future = (dt.date.today().replace(day=1) + dt.timedelta(days=40)).strftime("%Y-%m")
    result = sales_import(
        actor=personas.city_admin,
        filename="bad.csv",
        data=csv(
            "2024-05,3305000001,ssq,100",
            "2024-05,3305000001,lotto9,100",
            "2024-05,3305000001,fc3d,-5",
            "2024-05,9999999999,ssq,100",
            f"{future},{b.pk},ssq,100",
            "2024/05,3305000001,qlc,100",
            "2024-05,3305000001,ssq,100",
            "2024-05,3305000001,kl8,1.005",
        ),
    )
    assert not result.ok and MonthlySale.objects.count() == 0
    reasons = {row: message for row, _, message in result.errors}
    assert "游戏类型“lotto9”未知" in reasons[3]
    assert "不能为负数" in reasons[4]
    assert "站点“9999999999”不存在" in reasons[5]
    assert "尚未结束" in reasons[6]
    assert "格式不对" in reasons[7]
    assert "与第2行重复" in reasons[8]
    assert "两位小数" in reasons[9]
    assert not AuditEntry.objects.filter(action="lottery.sales.imported").exists()


def test_re_importing_a_month_replaces_its_amounts(personas, sites) -> None:
    sales_import(actor=personas.city_admin, filename="a.csv", data=csv("2024-05,3305000001,ssq,100"))
    again = sales_import(
        actor=personas.city_admin,
        filename="b.csv",
        data=csv("2024-05,3305000001,ssq,120.00", "2024-05,3305000001,ggl,50"),
    )
    assert (again.created, again.replaced) == (1, 1)
    assert sorted(MonthlySale.objects.values_list("amount", flat=True)) == [
        Decimal("50.00"),
        Decimal("120.00"),
    ]


def test_a_county_may_not_import_and_a_station_out_of_scope_is_unknown(personas, sites) -> None:
    _, _, anji = sites
    with pytest.raises(PermissionDenied):
        sales_import(actor=personas.anji_officer, filename="a.csv", data=csv(f"2024-05,{anji.pk},ssq,1"))
    personas.anji_officer.user_permissions.add(*Permission.objects.filter(codename="manage_lottery"))
    officer = User.objects.get(pk=personas.anji_officer.pk)
    result = sales_import(actor=officer, filename="a.csv", data=csv("2024-05,3305000001,ssq,1"))
    assert "不在您的辖区" in result.errors[0][2] and not MonthlySale.objects.exists()


def test_a_file_that_is_not_a_table_is_refused_on_the_file(personas, sites) -> None:
    with pytest.raises(ValidationError) as exc:
        sales_import(actor=personas.city_admin, filename="x.csv", data=b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert "file" in exc.value.message_dict
