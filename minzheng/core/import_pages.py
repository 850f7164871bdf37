"""The pages every import shares (people, addresses, and those later issues add): a job's
detail with its facts, bad rows and commit button, and the progress line htmx polls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRefresh

from minzheng.core.models import ImportJob

ERRORS_SHOWN = 100


@dataclass(frozen=True)
class ImportUrls:
    """URL names of one kind of import: its upload page, and a job's progress, commit and
    bad-rows report."""

    back: str
    progress: str
    commit: str
    report: str
    report_label: str  # what the report download is, for its button


def import_detail_page(request: HttpRequest, job: ImportJob, *, template: str, urls: ImportUrls, can_commit: bool,
                       **extra: Any) -> HttpResponse:
    """``template`` extends ``core/import/detail.html`` and fills in what is particular to its
    kind (planned changes, results)."""
    errors = job.errors or []
    return render(request, template, {
        "job": job,
        "errors": errors[:ERRORS_SHOWN],
        "errors_hidden": max(0, len(errors) - ERRORS_SHOWN),
        "can_commit": can_commit and job.status == ImportJob.Status.VALIDATED and job.good_rows > 0
                      and job.created_by_id == request.user.pk,
        "back_url": reverse(urls.back),
        "progress_url": reverse(urls.progress, args=[job.pk]),
        "commit_url": reverse(urls.commit, args=[job.pk]),
        "report_url": reverse(urls.report, args=[job.pk]),
        "report_label": urls.report_label,
        **extra,
    })


def import_progress_page(request: HttpRequest, job: ImportJob, *, urls: ImportUrls) -> HttpResponse:
    """The polled progress line. Once the job has finished, an htmx poll reloads the page so
    the summary, the bad rows and the commit button appear."""
    if job.is_finished and getattr(request, "htmx", False):
        return HttpResponseClientRefresh()
    return render(request, "core/import/_progress.html",
                  {"job": job, "progress_url": reverse(urls.progress, args=[job.pk])})
