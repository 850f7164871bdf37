"""Background tasks of love cards: thin wrappers around the services.

``minzheng worker`` runs them; under pytest the immediate backend runs them inline."""

from __future__ import annotations

from django_tasks import task

from minzheng.eldercare.love_cards import services


@task()
def credit_love_card_subsidies(run_id: int, actor_id: int | None) -> dict[str, object]:
    """Credit a big approved ``elder_service`` run to the cards (queued by the approval)."""
    done = services.love_card_credit_run_by_id(run_id=run_id, actor_id=actor_id)
    return {**done.as_dict(), "amount": f"{done.amount:.2f}"}  # a task's result is JSON
