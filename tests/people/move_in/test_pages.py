"""The move-in pages: ask, see both lists, decide, and the new-person page's way in."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from minzheng.people.models import Person
from minzheng.people.move_in import messages
from minzheng.people.move_in.models import MoveInRequest
from tests.people.move_in.conftest import Elsewhere
from tests.personas import MY_VILLAGE, Personas


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_ask_then_the_other_side_accepts_on_its_page(personas: Personas, elsewhere: Elsewhere) -> None:
    worker = signed_in(personas.village_worker)
    response = worker.post(reverse("people:move_in_create"), {
        "id_number": elsewhere.member.id_number, "name": "钱小红", "region_code": MY_VILLAGE, "reason": "购房迁入"})
    move = MoveInRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:move_in_detail", args=[move.pk])
    page = worker.get(response["Location"]).content.decode()
    assert messages.REQUESTED in page and "同意迁入" not in page and "撤回申请" in page
    assert reverse("people:person_detail", args=[elsewhere.member.pk]) not in page

    officer = signed_in(personas.anji_officer)
    listing = officer.get(reverse("people:move_in_list")).content.decode()
    assert reverse("people:move_in_detail", args=[move.pk]) in listing
    detail = officer.get(reverse("people:move_in_detail", args=[move.pk])).content.decode()
    assert "同意迁入" in detail and reverse("people:person_detail", args=[elsewhere.member.pk]) in detail

    refused = officer.post(reverse("people:move_in_refuse", args=[move.pk]), {"reason": ""})
    assert refused.status_code == 400 and "拒绝理由" in refused.content.decode()
    accepted = officer.post(reverse("people:move_in_accept", args=[move.pk]), {"note": ""})
    assert accepted.status_code == 302
    assert Person.objects.get(pk=elsewhere.member.pk).region_code == MY_VILLAGE
    again = officer.post(reverse("people:move_in_accept", args=[move.pk]), {"note": ""})
    assert again.status_code == 400 and messages.ALREADY_DECIDED.format(status="已同意") in again.content.decode()


def test_each_side_acts_only_on_its_own_end(personas: Personas, elsewhere: Elsewhere) -> None:
    signed_in(personas.village_worker).post(reverse("people:move_in_create"), {
        "id_number": elsewhere.member.id_number, "name": "钱小红", "region_code": MY_VILLAGE, "reason": "购房迁入"})
    move = MoveInRequest.objects.get()
    county = signed_in(personas.wuxing_officer)  # holds the requesting community, not the person
    assert county.get(reverse("people:move_in_detail", args=[move.pk])).status_code == 200
    assert county.post(reverse("people:move_in_accept", args=[move.pk])).status_code == 404
    assert signed_in(personas.anji_officer).post(reverse("people:move_in_withdraw", args=[move.pk])).status_code == 404
    assert signed_in(personas.city_admin).get(reverse("people:move_in_list")).status_code == 200
    assert MoveInRequest.objects.get().status == "pending"


def test_the_new_person_pages_offer_carries_what_was_typed(personas: Personas, elsewhere: Elsewhere) -> None:
    worker = signed_in(personas.village_worker)
    response = worker.post(reverse("people:move_in_create"), {
        "prefill": "1", "id_number": elsewhere.member.id_number, "name": "钱小红", "region_code": MY_VILLAGE})
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["id_number"] == elsewhere.member.id_number
    assert not MoveInRequest.objects.exists()
