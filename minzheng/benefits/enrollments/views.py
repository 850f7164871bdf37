"""Enrollment pages: the review due list of the worker's scope, and an enrollment with its
reviews and the review form (复核)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.benefits.enrollments import selectors, services
from minzheng.benefits.enrollments.forms import ReviewForm
from minzheng.core.forms import add_service_errors
from minzheng.core.http import Window, permission_required, render_page

VIEW = "benefits.view_enrollment"
REVIEW = "benefits.review_enrollment"
REVIEWED = "已登记复核：{outcome}"


@permission_required(VIEW)
@require_GET
def review_due(request: HttpRequest) -> HttpResponse:
    page = Window(selectors.review_due_list(user=request.user).only(*selectors.ROW_FIELDS), request)
    return render_page(request, "benefits/enrollments/reviews.html", "benefits/enrollments/_review_list.html",
                       {"page": page, "today": timezone.localdate(), "ahead": selectors.DUE_AHEAD_DAYS})


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def enrollment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = selectors.enrollment_get(user=request.user, pk=pk)
    can_review = request.user.has_perm(REVIEW) and enrollment.status in enrollment.LIVE
    form = ReviewForm(request.POST or None) if can_review else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                review = services.review_record(actor=request.user, enrollment=enrollment, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, REVIEWED.format(outcome=review.get_outcome_display()))
                return redirect("benefit_enrollments:detail", pk=pk)
        status = 400
    return render(request, "benefits/enrollments/detail.html",
                  {"enrollment": enrollment, "reviews": selectors.reviews_of(enrollment=enrollment), "form": form,
                   "today": timezone.localdate()}, status=status)
