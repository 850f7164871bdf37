"""The public booking pages (no login, phone first): choose an office and a business, then a free
slot, and give both names and ID numbers; the confirmation code is shown once booked. The cancel
page takes the code and either ID number.

Each submission counts against ``MINZHENG_MARRIAGE_BOOKINGS_PER_HOUR`` per client (the shared
cache, hashed key: no address is stored in clear). The pages are never cached, and the ID numbers
typed never leave the service except sealed."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.forms import add_service_errors
from minzheng.core.rate_limits import hourly_hit
from minzheng.marriage.appointments import messages, selectors, services
from minzheng.marriage.appointments.forms import BookingForm, CancelForm, OfficeChoiceForm
from minzheng.marriage.appointments.models import Business
from minzheng.places.doorplates.public import client_address

SESSION_KEY = "marriage_booking"


def booking_rate_limit() -> int:
    return int(settings.MINZHENG_MARRIAGE_BOOKINGS_PER_HOUR)


def _limited(request: HttpRequest, form: object) -> bool:
    limit = booking_rate_limit()
    if hourly_hit(prefix="marriage:booking", client=client_address(request)) > limit:
        form.add_error(None, messages.RATE_LIMITED.format(limit=limit))  # type: ignore[attr-defined]
        return True
    return False


@require_http_methods(["GET", "POST"])
@never_cache
def book(request: HttpRequest) -> HttpResponse:
    offices = list(selectors.public_offices())
    choice = OfficeChoiceForm(request.GET or None, offices=[(o.pk, o.name) for o in offices])
    office = selectors.public_office_get(request.GET.get("office"))
    business = request.GET.get("business") or Business.MARRIAGE
    if business not in Business.values:
        business = Business.MARRIAGE
    slots = selectors.public_free_slots(office=office, business=business) if office else []
    form = BookingForm(request.POST or None, slots=slots)
    status = 200
    if request.method == "POST":
        status = 400
        if _limited(request, form):
            form.is_valid()
            status = 429
        elif form.is_valid():
            try:
                booking = services.booking_create(slot_id=form.cleaned_data["slot"] or request.POST.get("slot"),
                                                  **{k: v for k, v in form.cleaned_data.items() if k != "slot"})
            except ValidationError as exc:
                add_service_errors(form, exc, aliases={"slot": "slot"})
            else:
                # Post/redirect/get: a reload must not book twice. The code travels in the
                # session, not in the address, which browsers and proxies keep in their logs.
                request.session[SESSION_KEY] = booking.pk
                return redirect("marriage_appointments:booked")
    return render(request, "marriage/appointments/book.html", {
        "choice": choice, "office": office, "business": business,
        "business_label": Business(business).label, "slots": slots, "form": form,
    }, status=status)


@require_GET
@never_cache
def booked(request: HttpRequest) -> HttpResponse:
    booking = selectors.booking_of_session(request.session.get(SESSION_KEY))
    if booking is None:
        return redirect("marriage_appointments:book")
    return render(request, "marriage/appointments/booked.html", {"booking": booking})


@require_http_methods(["GET", "POST"])
@never_cache
def cancel(request: HttpRequest) -> HttpResponse:
    form = CancelForm(request.POST or None)
    done, status = None, 200
    if request.method == "POST":
        status = 400
        if _limited(request, form):
            form.is_valid()
            status = 429
        elif form.is_valid():
            try:
                done = services.booking_cancel(**form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                status = 200
                form = CancelForm()
    return render(request, "marriage/appointments/cancel.html", {"form": form, "done": done}, status=status)
