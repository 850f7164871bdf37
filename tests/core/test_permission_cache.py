"""Permissions come from the cache, and any change to who holds what counts on the next request."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.services import region_rename, role_ensure
from tests.personas import Personas

BACKEND = "minzheng.core.permission_cache.CachedPermissionBackend"
AUDIT = reverse("core:audit_list")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def _permission_queries(client: Client) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(AUDIT).status_code
    return status, [q["sql"] for q in queries.captured_queries if "auth_permission" in q["sql"]]


def test_permissions_are_read_from_the_database_once_then_from_the_cache(personas: Personas) -> None:
    client = _client(personas.auditor)
    status, first = _permission_queries(client)
    assert status == 200 and first
    status, second = _permission_queries(client)
    assert status == 200 and second == []


def test_a_role_taken_away_counts_on_the_next_request(personas: Personas) -> None:
    client = _client(personas.auditor)
    assert client.get(AUDIT).status_code == 200
    personas.auditor.groups.clear()
    assert client.get(AUDIT).status_code == 403


def test_a_permission_taken_from_a_role_counts_on_the_next_request(personas: Personas) -> None:
    client = _client(personas.auditor)
    assert client.get(AUDIT).status_code == 200
    role_ensure(Role.AUDITOR).permissions.remove(Permission.objects.get(codename="view_auditentry"))
    assert client.get(AUDIT).status_code == 403


def test_a_role_given_counts_on_the_next_request(personas: Personas) -> None:
    client = _client(personas.village_worker)
    assert client.get(AUDIT).status_code == 403
    personas.village_worker.groups.add(role_ensure(Role.AUDITOR))
    assert client.get(AUDIT).status_code == 200


def test_a_deleted_role_counts_on_the_next_request(personas: Personas) -> None:
    client = _client(personas.auditor)
    assert client.get(AUDIT).status_code == 200
    Group.objects.get(name=Role.AUDITOR.value).delete()
    assert client.get(AUDIT).status_code == 403


def test_a_deactivated_user_holds_no_permission_whatever_is_cached(personas: Personas) -> None:
    auditor = User.objects.get(pk=personas.auditor.pk)
    assert auditor.has_perm("core.view_auditentry")
    auditor = User.objects.get(pk=personas.auditor.pk)
    auditor.is_active = False
    assert not auditor.has_perm("core.view_auditentry")
    assert auditor.get_all_permissions() == set()


def test_the_signed_in_user_is_read_from_the_cache(personas: Personas) -> None:
    client = _client(personas.auditor)
    client.get(AUDIT)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(AUDIT).status_code == 200
    assert not [q for q in queries.captured_queries if 'FROM "core_user"' in q["sql"]
                and '"core_user"."id" = ' in q["sql"]]


def test_a_deactivated_user_is_signed_out_on_the_next_request(personas: Personas) -> None:
    client = _client(personas.auditor)
    assert client.get(AUDIT).status_code == 200
    auditor = User.objects.get(pk=personas.auditor.pk)
    auditor.is_active = False
    auditor.save()
    response = client.get(AUDIT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))


def test_a_new_password_ends_the_sessions_signed_in_with_the_old_one(personas: Personas) -> None:
    client = _client(personas.auditor)
    assert client.get(AUDIT).status_code == 200
    auditor = User.objects.get(pk=personas.auditor.pk)
    auditor.set_password("a-new-password-1234")
    auditor.save()
    assert client.get(AUDIT).status_code == 302


def test_a_renamed_region_shows_its_new_name_on_the_next_request(
        personas: Personas, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = _client(personas.village_worker)
    village = personas.village_worker.region
    assert f">{village.name}</span>" in client.get(reverse("web:home")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        region_rename(actor=personas.city_admin, region=village, name="新合村")

    assert '<span class="scope" title="' in (page := client.get(reverse("web:home")).content.decode())
    assert ">新合村</span>" in page


def test_a_renamed_township_changes_the_full_name_its_villages_workers_see(
        personas: Personas, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = _client(personas.village_worker)
    client.get(reverse("web:home"))
    township = Region.objects.get(pk=personas.village_worker.region.parent_id)

    with django_capture_on_commit_callbacks(execute=True):
        region_rename(actor=personas.city_admin, region=township, name="新安镇")

    village = Region.objects.get(pk=personas.village_worker.region_id)
    assert "新安镇" in village.full_name
    assert f'title="{village.full_name}（{village.code}）"' in client.get(reverse("web:home")).content.decode()


def test_a_rename_elsewhere_leaves_the_cached_user_alone(
        personas: Personas, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = _client(personas.village_worker)
    client.get(reverse("web:home"))
    other = Region.objects.get(pk=personas.anji_officer.region_id)

    with django_capture_on_commit_callbacks(execute=True):
        region_rename(actor=personas.city_admin, region=other, name="新名县")

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("web:home"))
    assert not [q for q in queries.captured_queries if 'FROM "core_user"' in q["sql"]]
