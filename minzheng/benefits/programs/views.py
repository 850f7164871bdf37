"""The program and standard admin page of the city administrator: every program with its
params, the standards in force and their history, and the form to add a standard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from minzheng.benefits.money import month_start
from minzheng.benefits.programs import selectors, services
from minzheng.benefits.programs.forms import StandardForm
from minzheng.benefits.programs.policy import PolicyMissing, policy_for
from minzheng.core.forms import add_service_errors
from minzheng.core.http import permission_required

ADDED = "已新增标准：{program} {prefix} {month}起 {amount}元/月"


@permission_required(services.PERMISSION)
@require_http_methods(["GET", "POST"])
def program_admin(request: HttpRequest) -> HttpResponse:
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            standard = services.standard_add(actor=request.user, program=data["program"],
                                             region_prefix=data["region_prefix"],
                                             effective_from=data["effective_from"], amount=data["amount"],
                                             note=data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, ADDED.format(program=standard.program.name, prefix=standard.region_prefix,
                                                   month=f"{standard.effective_from:%Y-%m}", amount=standard.amount))
            return redirect("benefit_programs:admin")
    month = month_start(timezone.localdate())
    programs = []
    for program in selectors.program_list():
        try:
            doc = policy_for(program.code).params_doc
            has_policy = True
        except PolicyMissing:
            doc, has_policy = {}, False
        programs.append({"program": program, "has_policy": has_policy,
                         "params": [(key, value, doc.get(key, "")) for key, value in program.params.items()],
                         "current": selectors.standard_for(program=program, region_code="330500000000", month=month),
                         "history": list(selectors.standard_history(program=program))})
    return render(request, "benefits/programs/admin.html", {"programs": programs, "form": form, "month": month},
                  status=400 if form.errors else 200)
