"""Staff pages of love cards: the cards in one's scope (search by name or ID number, the counts,
activate a card for an elder found by ID number), and one card (holder with masked personal data,
balance, the ledger, a top-up). Reading a card writes an access-log row for its holder: a ledger
of meals and subsidies is personal data."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from minzheng.core.audit import access_record
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, is_htmx, permission_required, render_page
from minzheng.eldercare import messages
from minzheng.eldercare.love_cards import selectors, services
from minzheng.eldercare.love_cards.forms import ActivateForm, SearchForm, TopUpForm
from minzheng.eldercare.love_cards.models import LoveCard
from minzheng.people.selectors import person_find_by_id_number

MANAGE = services.PERMISSION
TOP_UP_KEY_PREFIX = "top_up:"


def _list_page(request: HttpRequest, activate: ActivateForm, *, status: int = 200) -> HttpResponse:
    search = SearchForm(request.GET or None)
    q, state = "", ""
    if search.is_valid():
        q, state = search.cleaned_data["q"], search.cleaned_data["status"]
    page = Window(selectors.love_card_list(user=request.user, q=q, status=state), request)
    if is_htmx(request):  # the pager: the next window of cards only
        return render_page(request, "eldercare/love_cards/list.html", "eldercare/love_cards/_cards.html",
                           {"page": page})
    year = timezone.localdate().year
    return render(request, "eldercare/love_cards/list.html", {
        "search": search, "activate": activate, "page": page, "year": year,
        "counts": selectors.love_card_counts(user=request.user, year=year),
    }, status=status)


@permission_required(MANAGE)
@require_http_methods(["GET"])
def love_card_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, ActivateForm())


@permission_required(MANAGE)
@require_POST
def love_card_activate(request: HttpRequest) -> HttpResponse:
    form = ActivateForm(request.POST)
    if form.is_valid():
        person = person_find_by_id_number(user=request.user, id_number=form.cleaned_data["id_number"])
        if person is None:
            form.add_error("id_number", messages.PAGE_ID_NUMBER_NOT_FOUND)
        else:
            try:
                card = services.love_card_activate(actor=request.user, person=person)
            except ValidationError as exc:
                add_service_errors(form, exc, aliases={"person": "id_number"})
            else:
                flash.success(request, messages.PAGE_CARD_ACTIVATED.format(name=person.name))
                return redirect("love_cards:detail", pk=card.pk)
    return _list_page(request, form, status=400)


def _detail_page(request: HttpRequest, card: LoveCard, form: TopUpForm, *, status: int = 200) -> HttpResponse:
    access_record(actor=request.user, kind="view", subject=card.person)
    page = Window(selectors.love_card_entries(card=card), request)
    if is_htmx(request) and request.method == "GET":  # the pager: the next window of the ledger only
        return render_page(request, "eldercare/love_cards/detail.html", "eldercare/love_cards/_ledger.html",
                           {"page": page})
    return render(request, "eldercare/love_cards/detail.html", {
        "card": card, "person": card.person, "page": page, "form": form if card.is_active else None,
        "ledger_balance": selectors.love_card_ledger_balance(card=card),
    }, status=status)


@permission_required(MANAGE)
@require_http_methods(["GET"])
def love_card_detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.love_card_get(user=request.user, pk=pk)
    return _detail_page(request, card, TopUpForm())


@permission_required(MANAGE)
@require_POST
def love_card_top_up(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.love_card_get(user=request.user, pk=pk)
    form = TopUpForm(request.POST)
    if form.is_valid():
        values: dict[str, Any] = dict(form.cleaned_data)
        try:
            entry, created = services.love_card_top_up(
                actor=request.user, card=card, kind=values["kind"], amount=values["amount"], payer=values["payer"],
                note=values["note"], idempotency_key=TOP_UP_KEY_PREFIX + values["idempotency_key"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            balance = selectors.love_card_get(user=request.user, pk=pk).balance
            if created:
                flash.success(request, messages.PAGE_TOPPED_UP.format(amount=f"{entry.amount:.2f}",
                                                                      balance=f"{balance:.2f}"))
            else:
                flash.info(request, messages.PAGE_TOP_UP_REPEATED.format(balance=f"{balance:.2f}"))
            return redirect("love_cards:detail", pk=pk)
    return _detail_page(request, card, form, status=400)
