"""An application's timeline is append-only in the database itself (benefits migration 0005): a
raw UPDATE or DELETE through the app's own connection is refused, on whichever backend the suite
runs (CI runs both), and a new step can still be appended."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from minzheng.benefits.applications import services
from minzheng.benefits.applications.models import Application, TimelineEntry

STATEMENTS = {
    "update_note": "UPDATE benefits_timelineentry SET note = 'forged'",
    "update_actor": "UPDATE benefits_timelineentry SET actor_name = 'forged', action = 'approved'",
    "delete_all": "DELETE FROM benefits_timelineentry",
    "delete_one": "DELETE FROM benefits_timelineentry WHERE id = (SELECT MAX(id) FROM benefits_timelineentry)",
}


def _steps(application: Application) -> list[tuple[object, ...]]:
    return list(TimelineEntry.objects.filter(application=application).order_by("id")
                .values_list("id", "action", "actor_name", "note"))


@pytest.mark.parametrize("statement", STATEMENTS.values(), ids=STATEMENTS.keys())
def test_raw_sql_cannot_rewrite_or_erase_the_timeline(make_application, statement: str) -> None:  # type: ignore[no-untyped-def]
    app = make_application(Application.Status.ECONOMIC_CHECK)
    before = _steps(app)
    assert [step[1] for step in before] == ["submitted", "check_started"]
    with pytest.raises(DatabaseError, match="申请办理记录只能追加"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement)
    assert _steps(app) == before


def test_the_timeline_refuses_in_python_too_and_still_takes_new_steps(make_application, personas) -> None:  # type: ignore[no-untyped-def]
    app = make_application(Application.Status.SUBMITTED)
    entry = TimelineEntry.objects.get(application=app)
    entry.note = "forged"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    services.application_check_start(actor=personas.aishan_officer, application=app)
    assert [step[1] for step in _steps(app)] == ["submitted", "check_started"]
    assert TimelineEntry.objects.filter(note="forged").count() == 0
