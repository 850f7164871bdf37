"""The public self-check page: no login, a plain Chinese answer with the reasons and where to
apply, nothing saved, field errors in Chinese, and a rate limit per client."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.assistance import messages
from minzheng.core.models import AccessLog, AuditEntry
from tests.personas import build_regions

URL = "/self-check/"
AISHAN = "330502003000"


@pytest.fixture
def regions(db) -> None:  # type: ignore[no-untyped-def]
    build_regions()


def post(client: Client, **fields: str) -> object:
    data = {"township": AISHAN, "members": "3", "income": "1000", "deposits": "0", "vehicles": "0", "houses": "1"}
    return client.post(URL, {**data, **fields})


def test_the_page_opens_without_login_and_lists_townships(regions: None) -> None:
    page = Client().get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "我家能申请低保吗" in text and "爱山街道" in text
    assert page["Cache-Control"].startswith("max-age=0")


def test_a_poor_household_is_told_the_amount_and_where_to_apply(regions: None) -> None:
    before = (AuditEntry.objects.count(), AccessLog.objects.count())
    page = post(Client())
    text = page.content.decode()
    assert page.status_code == 200
    assert "您家可能符合低保条件" in text and "2,435.00" in text
    assert messages.SELF_CHECK_NEXT_STEP.format(township="爱山街道") in text
    assert "家庭人均月收入 333.33 元" in text
    assert (AuditEntry.objects.count(), AccessLog.objects.count()) == before


def test_a_household_just_above_the_standard_is_told_dibian(regions: None) -> None:
    text = post(Client(), members="2", income="3000").content.decode()
    assert "您家可能符合低保边缘家庭条件" in text


def test_a_household_over_both_is_told_so_with_the_reason(regions: None) -> None:
    text = post(Client(), members="1", income="5000").content.decode()
    assert "暂不符合低保和低保边缘条件" in text and "不低于低保标准" in text
    assert messages.SELF_CHECK_NEXT_STEP_NONE.format(township="爱山街道") in text


def test_bad_input_is_named_in_chinese(regions: None) -> None:
    page = post(Client(), income="-5", members="0", township="")
    text = page.content.decode()
    assert page.status_code == 200
    for message in (messages.INCOME_NEGATIVE, messages.ASSESS_MEMBERS_REQUIRED, messages.SELF_CHECK_TOWNSHIP_REQUIRED):
        assert message in text
    assert "您家可能" not in text


def test_too_many_checks_from_one_client_are_refused(regions: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MINZHENG_SELF_CHECKS_PER_HOUR = 2
    client = Client()
    assert post(client).status_code == 200
    assert post(client).status_code == 200
    refused = post(client)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert messages.SELF_CHECK_RATE_LIMITED.format(limit=2) in text and "您家可能" not in text
    assert post(Client(REMOTE_ADDR="10.0.0.9")).status_code == 200


def test_the_login_page_links_residents_to_the_self_check(regions: None) -> None:
    assert f'href="{URL}"' in Client().get("/login/").content.decode()


TEKUN_URL = "/self-check/tekun/"


def post_tekun(client: Client, **fields: str) -> object:
    data = {"township": AISHAN, "age": "75", "income": "300", "supporters": "none", "disability_kind": "",
            "disability_grade": "", "deposits": "0", "vehicles": "0", "houses": "1"}
    return client.post(TEKUN_URL, {**data, **fields})


def test_an_old_person_alone_is_told_tekun_with_the_basic_standard(regions: None) -> None:
    text = post_tekun(Client()).content.decode()
    assert "您可能符合特困人员救助供养条件" in text and "1,950.00" in text
    assert messages.TEKUN_NO_SUPPORTER in text
    assert messages.SELF_CHECK_NEXT_STEP.format(township="爱山街道") in text


def test_a_working_age_person_with_a_certificate_at_the_set_grade_counts(regions: None) -> None:
    assert "暂不符合特困人员条件" in post_tekun(Client(), age="45").content.decode()
    text = post_tekun(Client(), age="45", disability_kind="intellectual", disability_grade="3").content.decode()
    assert "您可能符合特困人员救助供养条件" in text


def test_tekun_bad_input_is_named(regions: None) -> None:
    text = post_tekun(Client(), age="-3", supporters="", disability_kind="mental").content.decode()
    for message in (messages.AGE_INVALID, messages.SUPPORTERS_INVALID, messages.DISABILITY_GRADE_INVALID):
        assert message in text


def test_both_pages_share_the_rate_limit(regions: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MINZHENG_SELF_CHECKS_PER_HOUR = 1
    client = Client()
    assert post(client).status_code == 200
    assert post_tekun(client).status_code == 429
