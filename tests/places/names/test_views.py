"""The naming pages: the queue, the propose form with its live pinyin preview, the detail with
its history and action buttons."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from minzheng.places import messages
from minzheng.places.models import NamingProposal, Road
from minzheng.places.names.services import naming_county_approve, naming_propose, naming_township_review
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, OTHER_TOWNSHIP_VILLAGE

pytestmark = pytest.mark.django_db

AISHAN = "330502003000"
REASON = "该道路连接三个自然村，原无正式名称，群众出行不便。"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def propose(actor, name="桑梓路", **kwargs):
    return naming_propose(actor=actor, name=name, kind="road", reason=REASON, **kwargs)


def test_pages_need_a_login():
    for url in ("/places/names/", "/places/names/new/", "/places/names/pinyin/?name=红旗路", "/places/names/1/",
                "/places/names/work/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login"), url


def test_queue_shows_what_waits_for_the_user(people):
    mine = propose(people.village_worker)
    other = propose(people.wuxing_officer, name="稻香路", village_code=OTHER_TOWNSHIP_VILLAGE)
    html = client_for(people.aishan_officer).get("/places/names/").content.decode()
    assert "桑梓路" in html and "稻香路" not in html  # another township's
    county = client_for(people.wuxing_officer).get("/places/names/").content.decode()
    queue = county.split("辖区内全部申请")[0]
    assert "桑梓路" not in queue  # the township reviews it first
    naming_township_review(actor=people.aishan_officer, proposal=mine, approve=True)
    naming_township_review(actor=people.wuxing_officer, proposal=other, approve=True)
    queue = client_for(people.wuxing_officer).get("/places/names/").content.decode().split("辖区内全部申请")[0]
    assert "桑梓路" in queue and "稻香路" in queue


def test_queue_filters_answer_htmx_with_the_results_only(people):
    propose(people.village_worker)
    propose(people.village_worker, name="稻香路")
    response = client_for(people.aishan_officer).get("/places/names/", {"q": "稻香"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "稻香路" in html and "桑梓路" not in html and "<html" not in html


def test_village_worker_proposes_through_the_form(people):
    client = client_for(people.village_worker)
    form = client.get("/places/names/new/").content.decode()
    assert MY_VILLAGE in form and OTHER_TOWNSHIP_VILLAGE not in form
    assert 'hx-get="/places/names/pinyin/"' in form and "style=" not in form and "<script>" not in form
    response = client.post("/places/names/new/", {"kind": "road", "name": "桑梓路", "location": MY_VILLAGE,
                                                  "reason": REASON, "pinyin": ""})
    proposal = NamingProposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/places/names/{proposal.pk}/"
    assert (proposal.region_code, proposal.village_code, proposal.pinyin) == (AISHAN, MY_VILLAGE, "Sangzi Lu")


def test_rule_errors_are_shown_per_field(people):
    PersonFactory(name="张建国", region_code=MY_VILLAGE)
    response = client_for(people.aishan_officer).post("/places/names/new/", {
        "kind": "road", "name": "张建国路", "location": AISHAN, "reason": "太短", "pinyin": "Zhang-jianguo"})
    html = response.content.decode()
    assert response.status_code == 200
    assert messages.NAMING_NAME_LIVING_PERSON.format(name="张建国") in html
    assert messages.NAMING_REASON_TOO_SHORT.format(min=10) in html
    assert escape(messages.NAMING_PINYIN_BAD_CHARACTERS) in html
    assert not NamingProposal.objects.exists()


def test_a_location_outside_the_scope_is_not_offered(people):
    response = client_for(people.aishan_officer).post("/places/names/new/", {
        "kind": "road", "name": "桑梓路", "location": OTHER_TOWNSHIP_VILLAGE, "reason": REASON})
    assert response.status_code == 200 and not NamingProposal.objects.exists()


def test_pinyin_preview(people):
    client = client_for(people.aishan_officer)
    html = client.get("/places/names/pinyin/", {"name": "西安路", "kind": "road"}).content.decode()
    assert "Xi&#x27;an Lu" in html and "符合命名规则" in html
    html = client.get("/places/names/pinyin/", {"name": "西安", "kind": "road"}).content.decode()
    assert messages.NAMING_NAME_ROAD_SUFFIX in html
    propose(people.village_worker)
    html = client.get("/places/names/pinyin/", {"name": "桑梓路", "kind": "road", "location": MY_VILLAGE}).content.decode()
    assert "本乡镇已有同名的道路命名申请" in html
    assert client_for(people.auditor).get("/places/names/pinyin/", {"name": "西安路"}).status_code == 403


def test_detail_shows_history_and_the_right_buttons(people):
    p = propose(people.village_worker)
    worker = client_for(people.village_worker).get(f"/places/names/{p.pk}/").content.decode()
    assert "提交申请" in worker and "乡镇审核</h2>" not in worker
    officer = client_for(people.aishan_officer).get(f"/places/names/{p.pk}/").content.decode()
    assert "乡镇审核</h2>" in officer and "区县审批</h2>" not in officer
    assert client_for(people.anji_officer).get(f"/places/names/{p.pk}/").status_code == 404


def test_officers_take_a_road_to_approval_through_the_pages(people):
    p = propose(people.village_worker)
    response = client_for(people.aishan_officer).post(f"/places/names/{p.pk}/review/", {
        "review-decision": "approve", "review-reason": ""})
    assert response.status_code == 302
    county = client_for(people.wuxing_officer)
    assert "区县审批</h2>" in county.get(f"/places/names/{p.pk}/").content.decode()
    assert county.post(f"/places/names/{p.pk}/approve/", {"approve-decision": "approve"}).status_code == 302
    assert Road.objects.get().name == "桑梓路"
    assert county.post(f"/places/names/{p.pk}/publish/", {"publish-published_on": ""}).status_code == 302
    p.refresh_from_db()
    assert p.status == "published"
    html = county.get(f"/places/names/{p.pk}/").content.decode()
    for step in ("提交申请", "乡镇审核通过", "区县批准", "公布"):
        assert step in html


def test_rejection_without_a_reason_is_shown_on_the_form(people):
    p = propose(people.village_worker)
    response = client_for(people.aishan_officer).post(f"/places/names/{p.pk}/review/", {"review-decision": "reject"})
    assert response.status_code == 400
    assert messages.NAMING_REJECTION_REASON_REQUIRED in response.content.decode()


def test_status_errors_are_shown(people):
    p = propose(people.village_worker)
    naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=True)
    response = client_for(people.city_admin).post(f"/places/names/{p.pk}/approve/", {"approve-decision": "approve"})
    assert response.status_code == 400 and messages.NAMING_ALREADY_APPROVED in response.content.decode()


def test_actions_outside_the_scope_are_404_and_without_permission_403(people):
    p = propose(people.village_worker)
    assert client_for(people.anji_officer).post(f"/places/names/{p.pk}/review/",
                                                {"review-decision": "approve"}).status_code == 404
    assert client_for(people.village_worker).post(f"/places/names/{p.pk}/review/",
                                                  {"review-decision": "approve"}).status_code == 403
    assert client_for(people.auditor).post(f"/places/names/{p.pk}/review/",
                                           {"review-decision": "approve"}).status_code == 403
    p.refresh_from_db()
    assert p.status == "submitted"
