"""The registrars' pages: the office's slots by week (opening a run of working days at once), and
the desk, the day's list of who is booked when, where each couple is marked arrived or no-show."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from minzheng.core.forms import add_service_errors
from minzheng.core.http import permission_required
from minzheng.marriage.appointments import messages, selectors, services
from minzheng.marriage.appointments.forms import DeskForm, SlotBatchForm
from minzheng.marriage.appointments.models import Booking
from minzheng.marriage.appointments.services import PERM_KEEP


def _offices(request: HttpRequest) -> list[tuple[int, str]]:
    return [(o.pk, o.name) for o in selectors.registrar_offices(user=request.user)]


@permission_required(PERM_KEEP)
@require_http_methods(["GET", "POST"])
def slots(request: HttpRequest) -> HttpResponse:
    offices = _offices(request)
    view = DeskForm(request.GET or None, offices=offices)
    office_id = (request.GET.get("office") or (offices[0][0] if offices else None))
    office = selectors.registrar_office_get(user=request.user, office_id=office_id) if office_id else None
    try:
        week = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        week = timezone.localdate()
    week -= dt.timedelta(days=week.weekday())
    form = SlotBatchForm(request.POST or None, offices=offices,
                         initial={"office": str(office.pk) if office else ""})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            chosen = (selectors.registrar_offices(user=request.user).filter(pk=data.pop("office") or 0).first())
            try:
                made = services.slots_batch_create(actor=request.user, office=chosen, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(request, messages.PAGE_SLOTS_CREATED.format(count=made.created))
                return redirect(f"{reverse('marriage_appointments:slots')}?office={chosen.pk}&day={data['first_day']}")
    rows = list(selectors.slots_of_week(user=request.user, office=office, first_day=week)) if office else []
    return render(request, "marriage/appointments/slots.html", {
        "view": view, "office": office, "week": week, "rows": rows, "form": form,
        "previous": week - dt.timedelta(days=7), "next": week + dt.timedelta(days=7),
    }, status=status)


@permission_required(PERM_KEEP)
@require_http_methods(["GET"])
def desk(request: HttpRequest) -> HttpResponse:
    offices = _offices(request)
    form = DeskForm(request.GET or None, offices=offices)
    valid = form.is_valid() if request.GET else True
    day = (form.cleaned_data.get("day") if request.GET and valid else None) or timezone.localdate()
    office_id = request.GET.get("office") or (offices[0][0] if offices else None)
    office = selectors.registrar_office_get(user=request.user, office_id=office_id) if office_id else None
    rows = selectors.desk_bookings(user=request.user, office=office, day=day) if office else []
    counts = {s: sum(1 for b in rows if b.status == s) for s in Booking.Status.values}
    return render(request, "marriage/appointments/desk.html", {
        "form": form, "office": office, "day": day, "rows": rows, "counts": counts,
        "can_mark": day <= timezone.localdate(),
        "previous": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
    }, status=200 if valid else 400)


@permission_required(PERM_KEEP)
@require_POST
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get(user=request.user, pk=pk)
    try:
        booking = services.booking_mark(actor=request.user, booking=booking, status=request.POST.get("status", ""))
    except ValidationError as exc:
        for text in exc.messages:
            flash.error(request, text)
    else:
        flash.success(request, messages.PAGE_MARKED.format(name=booking.first_name,
                                                           status=booking.get_status_display()))
    return redirect(f"{reverse('marriage_appointments:desk')}?office={booking.slot.office_id}"
                    f"&day={booking.slot.day:%Y-%m-%d}")
