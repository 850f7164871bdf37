"""Background tasks of address matching: thin wrappers around services.

``minzheng worker`` runs them; under pytest the immediate backend runs them inline. Arguments
are plain strings and numbers, because the database backend stores them as JSON.
"""

from __future__ import annotations

from django_tasks import task

from minzheng.core.models import User
from minzheng.places.matching import linking


@task()
def link_registry_addresses(region_prefix: str = "", actor_id: int | None = None, relink: bool = False) -> dict[str, int]:
    """Match people's and households' free-text addresses to standard addresses."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return linking.registry_link_auto(actor=actor, region_prefix=region_prefix, relink=relink).as_dict()
