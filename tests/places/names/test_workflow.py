"""The naming workflow end to end through the real services: propose, township review, county
approval (which creates the road), publication; the rejection paths, the status rules, the
roles and the jurisdiction (404 outside it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.models import AuditEntry
from minzheng.places import messages
from minzheng.places.addresses.services import next_road_serials
from minzheng.places.models import MatchKey, NamingProposal, Road
from minzheng.places.names.services import (
    naming_county_approve,
    naming_propose,
    naming_publish,
    naming_township_review,
)
from tests.personas import MY_VILLAGE, NEIGHBOUR_VILLAGE, OTHER_TOWNSHIP_VILLAGE
from tests.places.factories import RoadFactory

pytestmark = pytest.mark.django_db

AISHAN, ZHILI = "330502003000", "330502100000"
REASON = "该道路连接三个自然村，原无正式名称，群众出行不便。"
Status = NamingProposal.Status


def actions(obj) -> list[str]:
    return list(AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
                .order_by("id").values_list("action", flat=True))


def propose(actor, name="桑梓路", kind="road", **kwargs):
    return naming_propose(actor=actor, name=name, kind=kind, reason=REASON, **kwargs)


def error_dict(exc_info) -> dict:
    return exc_info.value.message_dict


# ---- proposing ---------------------------------------------------------------------------------

def test_village_worker_proposes_for_own_village(people):
    p = propose(people.village_worker)
    assert (p.region_code, p.village_code, p.status, p.pinyin) == (AISHAN, MY_VILLAGE, Status.SUBMITTED, "Sangzi Lu")
    assert p.proposed_by == people.village_worker
    assert actions(p) == ["places.naming.proposed"]
    entry = AuditEntry.objects.get(action="places.naming.proposed")
    assert entry.region_code == AISHAN and entry.after["name"] == "桑梓路"


def test_village_worker_cannot_propose_for_the_neighbouring_village(people):
    with pytest.raises(ValidationError) as exc:
        propose(people.village_worker, village_code=NEIGHBOUR_VILLAGE)
    assert error_dict(exc) == {"village": [messages.NAMING_REGION_OUT_OF_SCOPE]}


def test_village_worker_must_name_a_village(people):
    with pytest.raises(ValidationError) as exc:
        propose(people.village_worker, township_code=AISHAN)
    assert error_dict(exc) == {"village": [messages.NAMING_VILLAGE_REQUIRED]}


def test_township_officer_proposes_for_own_township_only(people):
    assert propose(people.aishan_officer, township_code=AISHAN).village_code == ""
    with pytest.raises(ValidationError) as exc:
        propose(people.aishan_officer, township_code=ZHILI)
    assert error_dict(exc) == {"township": [messages.NAMING_REGION_OUT_OF_SCOPE]}


def test_county_officer_proposes_for_a_township_of_the_county(people):
    p = propose(people.wuxing_officer, village_code=OTHER_TOWNSHIP_VILLAGE)
    assert (p.region_code, p.village_code) == (ZHILI, OTHER_TOWNSHIP_VILLAGE)
    with pytest.raises(ValidationError) as exc:
        propose(people.anji_officer, township_code=ZHILI, name="稻香路")
    assert error_dict(exc) == {"township": [messages.NAMING_REGION_OUT_OF_SCOPE]}


@pytest.mark.parametrize("who", ["auditor", "nobody"])
def test_without_the_permission_nobody_proposes(people, who):
    with pytest.raises(PermissionDenied):
        propose(getattr(people, who), township_code=AISHAN)
    assert not NamingProposal.objects.exists()


def test_township_must_be_a_township(people):
    with pytest.raises(ValidationError) as exc:
        propose(people.city_admin, township_code="330502000000")
    assert error_dict(exc) == {"township": [messages.NAMING_TOWNSHIP_INVALID]}
    with pytest.raises(ValidationError) as exc:
        propose(people.city_admin)
    assert error_dict(exc) == {"township": [messages.NAMING_TOWNSHIP_REQUIRED]}


def test_village_must_lie_in_the_township(people):
    with pytest.raises(ValidationError) as exc:
        propose(people.city_admin, township_code=AISHAN, village_code=OTHER_TOWNSHIP_VILLAGE)
    assert error_dict(exc) == {"village": [messages.NAMING_VILLAGE_INVALID]}


def test_a_bad_proposal_writes_nothing(people):
    with pytest.raises(ValidationError) as exc:
        naming_propose(actor=people.aishan_officer, name="Sangzi路", kind="road", reason="短",
                       township_code=AISHAN, pinyin="Sang-zi")
    assert set(error_dict(exc)) == {"name", "reason", "pinyin"}
    assert not NamingProposal.objects.exists() and not AuditEntry.objects.filter(action__startswith="places.").exists()


def test_the_same_name_twice_in_one_township_is_refused(people):
    propose(people.aishan_officer, township_code=AISHAN)
    with pytest.raises(ValidationError) as exc:
        propose(people.village_worker)
    assert error_dict(exc)["name"] == [messages.NAMING_NAME_DUPLICATE_PROPOSAL.format(kind="道路", status="待乡镇审核")]
    assert propose(people.aishan_officer, township_code=AISHAN, name="桑梓桥", kind="bridge")  # a bridge may


# ---- the whole path ----------------------------------------------------------------------------

def test_road_from_proposal_to_publication(people):
    p = propose(people.village_worker)
    p = naming_township_review(actor=people.aishan_officer, proposal=p, approve=True, reason="同意上报")
    assert (p.status, p.reviewed_by) == (Status.TOWNSHIP_APPROVED, people.aishan_officer)
    p = naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=True)
    assert (p.status, p.approved_by) == (Status.APPROVED, people.wuxing_officer)
    road = Road.objects.get(pk=p.road_id)
    assert (road.code, road.region_code, road.name, road.kind, road.pinyin) == (
        AISHAN + "0001", AISHAN, "桑梓路", Road.Kind.ROAD, "Sangzi Lu")
    assert actions(road) == ["places.road.created"]
    assert MatchKey.objects.filter(road=road, text="桑梓路").exists()  # the matcher knows it at once
    p = naming_publish(actor=people.wuxing_officer, proposal=p, published_on=dt.date.today())
    assert (p.status, p.published_on) == (Status.PUBLISHED, dt.date.today())
    assert actions(p) == ["places.naming.proposed", "places.naming.township_approved", "places.naming.approved",
                          "places.naming.published"]
    review = AuditEntry.objects.get(action="places.naming.township_approved")
    assert review.diff["status"] == ["submitted", "township_approved"] and review.after["comment"] == "同意上报"


def test_a_bridge_is_approved_without_a_road(people):
    p = propose(people.aishan_officer, name="桑梓桥", kind="bridge", township_code=AISHAN)
    p = naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    p = naming_county_approve(actor=people.city_admin, proposal=p, approve=True)
    assert p.status == Status.APPROVED and p.road is None
    assert not Road.objects.exists()


def test_publication_defaults_to_today(people):
    p = propose(people.aishan_officer, township_code=AISHAN)
    p = naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    p = naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=True)
    assert naming_publish(actor=people.city_admin, proposal=p).published_on is not None


def test_road_serial_counts_the_villages_roads_too(people):
    RoadFactory(code=MY_VILLAGE + "0007", region_code=MY_VILLAGE, name="红旗路")
    assert next_road_serials(AISHAN) == [8]
    p = propose(people.aishan_officer, township_code=AISHAN)
    naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    p = naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=True)
    assert p.road.code == AISHAN + "0008"


def test_a_road_registered_meanwhile_stops_the_approval(people):
    p = propose(people.aishan_officer, township_code=AISHAN)
    naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    road = RoadFactory(name="桑梓路", region_code=NEIGHBOUR_VILLAGE)
    with pytest.raises(ValidationError) as exc:
        naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=True)
    assert error_dict(exc) == {"name": [messages.NAMING_NAME_DUPLICATE_ROAD.format(name="桑梓路", code=road.code)]}
    p.refresh_from_db()
    assert p.status == Status.TOWNSHIP_APPROVED and p.road is None and Road.objects.count() == 1


# ---- rejections --------------------------------------------------------------------------------

def test_township_rejection_needs_a_reason(people):
    p = propose(people.village_worker)
    with pytest.raises(ValidationError) as exc:
        naming_township_review(actor=people.aishan_officer, proposal=p, approve=False, reason="  ")
    assert error_dict(exc) == {"reason": [messages.NAMING_REJECTION_REASON_REQUIRED]}
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED


def test_township_rejection_ends_the_proposal_and_frees_the_name(people):
    p = propose(people.village_worker)
    p = naming_township_review(actor=people.aishan_officer, proposal=p, approve=False, reason="与古桥名相近，易混淆")
    assert (p.status, p.rejection_reason) == (Status.REJECTED, "与古桥名相近，易混淆")
    assert actions(p)[-1] == "places.naming.township_rejected"
    for act in (naming_township_review, naming_county_approve):
        with pytest.raises(ValidationError) as exc:
            act(actor=people.city_admin, proposal=p, approve=True)
        assert exc.value.messages == [messages.NAMING_ALREADY_REJECTED]
    with pytest.raises(ValidationError):
        naming_publish(actor=people.city_admin, proposal=p)
    assert propose(people.village_worker).status == Status.SUBMITTED


def test_county_rejection(people):
    p = propose(people.village_worker)
    naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    with pytest.raises(ValidationError):
        naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=False)
    p = naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=False, reason="名称与规划不符")
    assert (p.status, p.rejection_reason, p.road) == (Status.REJECTED, "名称与规划不符", None)
    assert actions(p)[-1] == "places.naming.county_rejected" and not Road.objects.exists()


# ---- status rules ------------------------------------------------------------------------------

def test_county_cannot_skip_the_township_review(people):
    p = propose(people.village_worker)
    with pytest.raises(ValidationError) as exc:
        naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=True)
    assert exc.value.messages == [messages.NAMING_REVIEW_FIRST]


def test_nothing_is_decided_twice(people):
    p = propose(people.village_worker)
    naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    with pytest.raises(ValidationError) as exc:
        naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    assert exc.value.messages == [messages.NAMING_ALREADY_REVIEWED]
    naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=True)
    with pytest.raises(ValidationError) as exc:
        naming_county_approve(actor=people.city_admin, proposal=p, approve=True)
    assert exc.value.messages == [messages.NAMING_ALREADY_APPROVED]
    assert Road.objects.count() == 1
    naming_publish(actor=people.wuxing_officer, proposal=p)
    with pytest.raises(ValidationError) as exc:
        naming_publish(actor=people.wuxing_officer, proposal=p)
    assert exc.value.messages == [messages.NAMING_ALREADY_PUBLISHED]


def test_only_an_approved_name_is_published(people):
    p = propose(people.village_worker)
    naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    with pytest.raises(ValidationError) as exc:
        naming_publish(actor=people.wuxing_officer, proposal=p)
    assert exc.value.messages == [messages.NAMING_NOT_APPROVED.format(status="待区县审批")]


def test_publication_date_cannot_precede_the_approval(people):
    p = propose(people.village_worker)
    naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    p = naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=True)
    with pytest.raises(ValidationError) as exc:
        naming_publish(actor=people.wuxing_officer, proposal=p, published_on=dt.date(2020, 1, 1))
    assert list(error_dict(exc)) == ["published_on"]


# ---- roles and jurisdiction --------------------------------------------------------------------

def test_village_worker_sees_but_cannot_review(people):
    p = propose(people.village_worker)
    with pytest.raises(PermissionDenied) as exc:
        naming_township_review(actor=people.village_worker, proposal=p, approve=True)
    assert str(exc.value) == messages.NAMING_REVIEW_LEVEL


def test_township_officer_cannot_approve_or_publish(people):
    p = propose(people.village_worker)
    naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    with pytest.raises(PermissionDenied) as exc:
        naming_county_approve(actor=people.aishan_officer, proposal=p, approve=True)
    assert str(exc.value) == messages.NAMING_APPROVE_LEVEL
    naming_county_approve(actor=people.wuxing_officer, proposal=p, approve=True)
    with pytest.raises(PermissionDenied):
        naming_publish(actor=people.aishan_officer, proposal=p)


def test_county_officer_may_also_do_the_township_review(people):
    p = propose(people.village_worker)
    assert naming_township_review(actor=people.wuxing_officer, proposal=p, approve=True).status == Status.TOWNSHIP_APPROVED


@pytest.mark.parametrize("act", [naming_township_review, naming_county_approve])
def test_outside_the_scope_is_404(people, act):
    p = propose(people.village_worker)
    if act is naming_county_approve:
        naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    with pytest.raises(Http404):
        act(actor=people.anji_officer, proposal=p, approve=True)


def test_township_officer_of_another_township_gets_404(people):
    p = propose(people.wuxing_officer, village_code=OTHER_TOWNSHIP_VILLAGE)
    with pytest.raises(Http404):
        naming_township_review(actor=people.aishan_officer, proposal=p, approve=True)
    with pytest.raises(Http404):
        naming_publish(actor=people.anji_officer, proposal=p)


def test_auditor_cannot_act(people):
    p = propose(people.village_worker)
    with pytest.raises(PermissionDenied):
        naming_township_review(actor=people.auditor, proposal=p, approve=True)
