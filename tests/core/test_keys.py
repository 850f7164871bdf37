"""Field-key rotation: the v2 ciphertext names its key, old rows stay readable and findable
while a rotation runs, and ``core.keys.rotation.rotate`` re-seals every sealed column in
resumable batches."""

from __future__ import annotations

import base64
import os

import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ValidationError
from django.db import models

from minzheng.core import crypto, pii
from minzheng.core.keys import discovery
from minzheng.core.keys.models import KeyRotation
from minzheng.core.keys.rotation import RotationRefused, rotate, status
from minzheng.core.models import AuditEntry
from minzheng.people import messages, selectors, services
from minzheng.people.models import Person
from tests.factories import PersonFactory, id_number_for
from tests.personas import MY_VILLAGE

OLD = "old-field-key-0123456789abcdef"
NEW = "new-field-key-0123456789abcdef"


def v1_token(value: str, *, purpose: str, key: str) -> str:
    """A ciphertext as crypto wrote it before key ids (``v1:<base64>``)."""
    nonce = os.urandom(12)
    sealed = crypto.derive_keys(key).aead.encrypt(nonce, value.encode(), purpose.encode())
    return "v1:" + base64.b64encode(nonce + sealed).decode()


@pytest.fixture
def old_key(settings):  # type: ignore[no-untyped-def]
    settings.FIELD_KEY, settings.FIELD_KEYS_PREVIOUS = OLD, ()
    return settings


def switch_to_new(settings, *, keep_old: bool = True) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_KEY, settings.FIELD_KEYS_PREVIOUS = NEW, ((OLD,) if keep_old else ())


# The format and the key ring.

def test_new_ciphertexts_name_their_key_by_a_fingerprint(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_KEY = NEW
    token = crypto.encrypt("33050219800517123X", purpose="id_number")
    kid = crypto.key_id(NEW)
    assert len(kid) == 8 and int(kid, 16) >= 0 and kid != crypto.key_id(OLD)
    assert token.startswith(f"v2:{kid}:") and crypto.token_key_id(token) == kid
    assert NEW not in token and "3305021980" not in token


def test_v1_ciphertexts_still_read_under_the_current_or_a_previous_key(settings) -> None:  # type: ignore[no-untyped-def]
    switch_to_new(settings)
    assert crypto.decrypt(v1_token("13812345678", purpose="phone", key=NEW), purpose="phone") == "13812345678"
    assert crypto.decrypt(v1_token("13812345678", purpose="phone", key=OLD), purpose="phone") == "13812345678"
    assert crypto.token_key_id(v1_token("1", purpose="phone", key=NEW)) is None


def test_rows_under_the_previous_key_read_only_while_it_is_configured(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_KEY = OLD
    token = crypto.encrypt("13812345678", purpose="phone")
    switch_to_new(settings)
    assert crypto.decrypt(token, purpose="phone") == "13812345678"
    switch_to_new(settings, keep_old=False)
    with pytest.raises(crypto.UnknownKeyError, match="MINZHENG_FIELD_KEY_PREVIOUS"):
        crypto.decrypt(token, purpose="phone")
    with pytest.raises(InvalidTag):
        crypto.decrypt(v1_token("13812345678", purpose="phone", key=OLD), purpose="phone")


def test_a_previous_key_does_not_open_another_purpose(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_KEY = OLD
    token = crypto.encrypt("13812345678", purpose="phone")
    switch_to_new(settings)
    with pytest.raises(InvalidTag):
        crypto.decrypt(token, purpose="id_number")


def test_digests_are_under_the_current_key_and_every_previous_one(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_KEY = OLD
    under_old = pii.digest("id_number", "33050219800517123X")
    switch_to_new(settings)
    under_new = pii.digest("id_number", "33050219800517123X")
    assert under_new != under_old
    assert pii.digests("id_number", "33050219800517123X") == [under_new, under_old]
    switch_to_new(settings, keep_old=False)
    assert pii.digests("id_number", "33050219800517123X") == [under_new]


def test_an_import_upload_sealed_before_the_key_change_still_opens(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_KEY = OLD
    blob = crypto.encrypt_bytes(b"id,name", aad=b"import-file:1")
    switch_to_new(settings)
    assert crypto.decrypt_bytes(blob, aad=b"import-file:1") == b"id,name"
    with pytest.raises(InvalidTag):
        crypto.decrypt_bytes(blob, aad=b"import-file:2")


# Lookups and uniqueness while a rotation runs.

@pytest.mark.django_db
def test_a_person_is_found_by_id_number_under_the_old_and_the_new_key_mid_rotation(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_KEY, settings.FIELD_KEYS_PREVIOUS = OLD, ()
    people = [PersonFactory(raw_id_number=id_number_for(n)) for n in range(4)]
    switch_to_new(settings)
    rotate(batch_size=2, max_batches=1)  # half rotated
    kinds = {p.pk: crypto.token_key_id(Person.objects.get(pk=p.pk).id_number_cipher) for p in people}
    assert sorted(kinds.values()) == sorted([crypto.key_id(NEW)] * 2 + [crypto.key_id(OLD)] * 2)
    for n, person in enumerate(people):
        assert selectors.person_by_full_id_number(id_number=id_number_for(n)) == person


@pytest.mark.django_db
def test_registration_refuses_an_id_number_held_under_the_old_key(personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_KEY, settings.FIELD_KEYS_PREVIOUS = OLD, ()
    PersonFactory(raw_id_number=id_number_for(7), region_code=MY_VILLAGE)
    switch_to_new(settings)
    with pytest.raises(ValidationError) as err:
        services.person_create(actor=personas.village_worker, id_number=id_number_for(7), name="重复",
                               region_code=MY_VILLAGE)
    assert err.value.message_dict == {"id_number": [messages.PERSON_ALREADY_REGISTERED]}
    assert Person.objects.count() == 1


# Discovery.

KNOWN_PURPOSES = {"id_number", "phone", "bank_account", "disability_certificate"}


def test_every_cipher_column_of_every_model_is_rotated_or_expires_by_decision() -> None:
    rotated = {f"{t.label}.{c.cipher}" for t in discovery.sealed_tables() for c in t.columns}
    every = {f"{m._meta.label}.{f.name}" for m in discovery._models() for f in m._meta.local_concrete_fields
             if f.name.endswith("_cipher")}
    assert every == rotated | set(discovery.EXPIRING)
    assert set(discovery.binary_ciphers()) == set(discovery.EXPIRING)
    assert {"people.Person.id_number_cipher", "people.Person.phone_cipher", "marriage.Booking.second_id_cipher",
            "benefits.BankAccount.account_cipher"} <= rotated


def test_every_rotated_column_knows_the_purpose_it_is_sealed_under() -> None:
    for table in discovery.sealed_tables():
        for col in table.columns:
            assert col.purpose in KNOWN_PURPOSES, (
                f"{table.label}.{col.cipher}: declare sealed_purposes on the model (purpose {col.purpose!r})")
            field = table.model._meta.get_field(col.cipher)
            assert isinstance(field, models.TextField)


def test_a_digest_without_a_cipher_is_reported_not_rotated() -> None:
    assert [d.label for d in discovery.digest_only()] == ["funeral.DeathRegistration.family_code_digest"]


# The rotation itself.

def _fill(count: int) -> list[Person]:
    people = [PersonFactory(raw_id_number=id_number_for(n), raw_phone=f"139{n:08d}" if n % 3 else "")
              for n in range(count)]
    # One row as written before key ids: v1 under the old key.
    Person.objects.filter(pk=people[0].pk).update(
        id_number_cipher=v1_token(id_number_for(0), purpose="id_number", key=OLD))
    return people


@pytest.mark.django_db
def test_rotation_resumes_after_a_stop_and_leaves_every_row_under_the_new_key(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_KEY, settings.FIELD_KEYS_PREVIOUS = OLD, ()
    people = _fill(10)
    stamps = dict(Person.objects.values_list("pk", "updated_at"))
    audits = AuditEntry.objects.count()
    switch_to_new(settings)
    assert status().stale == 10

    first = rotate(batch_size=3, max_batches=2)
    assert (first.rows, first.complete) == (6, False)
    assert status().stale == 4
    progress = KeyRotation.objects.get(target_key_id=crypto.key_id(NEW))
    assert progress.rows_done == 6 and progress.tables["people.Person"]["last_pk"] == people[5].pk

    second = rotate(batch_size=3)
    assert (second.rows, second.complete, second.left) == (4, True, 0)
    progress.refresh_from_db()
    assert progress.finished_at is not None and progress.rows_done == 10 and progress.runs == 2

    switch_to_new(settings, keep_old=False)  # the old key removed: everything still opens
    new = crypto.key_id(NEW)
    for n, person in enumerate(Person.objects.order_by("pk")):
        assert crypto.token_key_id(person.id_number_cipher) == new
        assert person.id_number == id_number_for(n)
        assert person.id_number_digest == pii.digest("id_number", id_number_for(n))
        if n % 3:
            assert crypto.token_key_id(person.phone_cipher) == new
            assert person.phone_digest == pii.digest("phone", f"139{n:08d}")
        else:
            assert person.phone_cipher == person.phone_digest == ""
    assert dict(Person.objects.values_list("pk", "updated_at")) == stamps
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)[audits:]) == [
        "core.key_rotation.started", "core.key_rotation.started", "core.key_rotation.completed"]


@pytest.mark.django_db
def test_rotation_refuses_to_start_without_the_key_the_rows_are_under(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_KEY, settings.FIELD_KEYS_PREVIOUS = OLD, ()
    _fill(3)
    switch_to_new(settings, keep_old=False)
    with pytest.raises(RotationRefused, match="MINZHENG_FIELD_KEY_PREVIOUS") as err:
        rotate()
    assert crypto.key_id(OLD) in str(err.value) or "v1" in str(err.value)
    assert not KeyRotation.objects.exists()
    assert status().stale == 3


@pytest.mark.django_db
def test_a_row_written_under_the_old_key_behind_the_cursor_is_picked_up(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_KEY, settings.FIELD_KEYS_PREVIOUS = OLD, ()
    people = _fill(4)
    switch_to_new(settings)
    rotate(batch_size=2, max_batches=1)
    # A process not yet restarted writes the first person again under the old key.
    settings.FIELD_KEY, settings.FIELD_KEYS_PREVIOUS = OLD, ()
    people[0].set_phone("13700000000")
    people[0].save(update_fields=["phone_cipher", "phone_digest", "phone_masked"])
    switch_to_new(settings)
    result = rotate(batch_size=2)
    assert result.complete and status().stale == 0
    assert Person.objects.get(pk=people[0].pk).phone == "13700000000"
