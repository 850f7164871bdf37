"""The application state machine: which verb moves an application from which statuses to which.

Every verb is one service in ``applications.services`` and one audit action
``benefits.application.<verb>``; a verb asked of an application in another status is refused with
``messages.APPLICATION_ILLEGAL_TRANSITION``. ``approved`` leads to ``enrolled`` for a monthly
program (the enrollment is created) and to ``approved`` for a one-off program.
"""

from __future__ import annotations

from minzheng.benefits.applications.models import Application

S = Application.Status

TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "check_started": (frozenset({S.SUBMITTED}), S.ECONOMIC_CHECK),
    "checked": (frozenset({S.ECONOMIC_CHECK, S.TOWNSHIP_REVIEW}), S.TOWNSHIP_REVIEW),
    "notice_started": (frozenset({S.TOWNSHIP_REVIEW}), S.PUBLIC_NOTICE),
    "objected": (frozenset({S.PUBLIC_NOTICE}), S.TOWNSHIP_REVIEW),
    # None: decided by the program's kind (enrolled for monthly, approved for one-off).
    "approved": (frozenset({S.PUBLIC_NOTICE}), None),
    "refused": (frozenset({S.TOWNSHIP_REVIEW, S.PUBLIC_NOTICE}), S.REFUSED),
    "refusal_notified": (frozenset({S.REFUSED}), S.REFUSED),
}


def allowed_verbs(status: str) -> list[str]:
    return [verb for verb, (sources, _) in TRANSITIONS.items() if status in sources]
