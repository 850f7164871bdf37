"""Events of the addresses sub-domain, for the sub-domains built on it.

Sub-domains depend one way (matching, doorplates and names build on addresses), so addresses
tells them about its changes with these signals instead of calling them. Receivers connect in
``PlacesConfig.ready()`` with a ``dispatch_uid`` and run inside the sender's transaction.
"""

from django.dispatch import Signal

roads_changed = Signal()
"""Sent by the road services and the address import after roads were created, renamed or given
new aliases, inside their transaction.

Arguments: ``road_ids`` (list of int; the roads whose names are new or changed).
Listeners: matching rewrites those roads' match keys, so that a new road or alias can be matched
as soon as it is committed.
"""
