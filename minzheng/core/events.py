"""Domain events: how a lower app makes higher apps act without importing them.

Each signal's docstring says what it carries and who may listen. Receivers connect in their
``AppConfig.ready()`` with a ``dispatch_uid``, and run inside the sender's transaction; anything
slow they defer with ``transaction.on_commit``.
"""

from django.dispatch import Signal

person_died = Signal()
"""Sent by ``people.services.person_record_death``.

Arguments: ``person`` (Person), ``death_date`` (date), ``actor`` (User).
Listeners: benefits ends enrollments the month after; funeral opens the after-death case. Each
listener records what it closed as a ``people.DeathEffect`` (``people.services.death_effect_record``),
once: the event may come again for the same death and must change nothing then.
"""

person_death_revoked = Signal()
"""Sent by ``people.services.person_death_revoke`` when a death was registered by mistake, after the
person is alive again, in the same transaction.

Arguments: ``person`` (Person, alive), ``death_date`` (date: the one revoked), ``actor`` (User).
Listeners: every app that recorded a ``people.DeathEffect`` with ``reopen="auto"`` reopens it where it
still can and marks it (``people.services.death_effect_reopened``); where it cannot, it notes why
(``death_effect_left_for_hand``), and the case page lists it for an officer.
"""

household_member_moved = Signal()
"""Sent by ``people.services.household_member_move``.

Arguments: ``person``, ``from_household`` (Household or None), ``to_household``, ``actor``.
Listeners: benefits re-checks the per-capita income of both households.
"""

person_moved = Signal()
"""Sent by ``people.move_in.services.move_in_request_accept`` once a resident lives in another
region (an accepted 迁入申请); they have already left their household.

Arguments: ``person`` (Person, with the new ``region_code``), ``from_region_code`` and
``to_region_code`` (str), ``actor`` (User).
Listeners: places drops the person's link to a standard address outside the new region
(audited as ``places.person_address.unlinked``).
"""

region_renamed = Signal()
"""Sent by ``core.services.region_rename`` (and by ``regions_load_divisions`` for each region
whose official name changed), after the region and its descendants have their new names.

Arguments: ``region`` (Region, renamed), ``old_full_name`` and ``new_full_name`` (str), ``actor``
(User or None for the system).
Listeners: places rewrites the standard texts of the addresses inside and the matcher's region
keys.
"""

payment_run_approved = Signal()
"""Sent by ``benefits.payments.services.payment_run_approve`` once the approval has committed
(``transaction.on_commit``), with ``send_robust``: a listener that fails cannot undo the
approval, and its error is logged by the sender (logger ``minzheng.benefits.payments.services``).
Money lands when a run is approved: that is when the bureau has signed it off, and the bank file
and the love card credit are both made from an approved run.

Arguments: ``run`` (PaymentRun, approved), ``actor`` (User: the approver).
Listeners: eldercare credits the lines of an ``elder_service`` run to the payees' love cards
(at once for a small run, on the task queue for a big one). A listener must be idempotent: the
event may be sent again for the same run (a retried hook, a replay).
"""
