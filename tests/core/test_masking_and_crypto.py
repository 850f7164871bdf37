import pytest
from cryptography.exceptions import InvalidTag

from minzheng.core import crypto, pii
from minzheng.core.masking import mask_id_number, mask_name, mask_phone


def test_id_number_mask_keeps_county_and_last_four():
    assert mask_id_number("33050219800517123X") == "330502********123X"


def test_phone_mask_keeps_prefix_and_last_four():
    assert mask_phone("13812345678") == "138****5678"


def test_masks_of_empty_values_are_empty():
    assert mask_id_number("") == mask_phone("") == ""


def test_name_mask_for_public_pages():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧**明"


def test_encryption_round_trips_and_is_randomised():
    a = crypto.encrypt("33050219800517123X", purpose="id_number")
    b = crypto.encrypt("33050219800517123X", purpose="id_number")
    assert a != b
    assert "3305021980" not in a
    assert crypto.decrypt(a, purpose="id_number") == "33050219800517123X"


def test_ciphertext_does_not_decrypt_under_another_purpose():
    token = crypto.encrypt("13812345678", purpose="phone")
    with pytest.raises(InvalidTag):
        crypto.decrypt(token, purpose="id_number")


def test_blind_index_is_deterministic_and_keyed(settings):
    first = crypto.blind_index("33050219800517123X", purpose="id_number")
    assert first == crypto.blind_index("33050219800517123X", purpose="id_number")
    assert first != crypto.blind_index("33050219800517123X", purpose="phone")
    settings.FIELD_KEY = "another-key-of-enough-length"
    assert crypto.blind_index("33050219800517123X", purpose="id_number") != first


def test_seal_fills_cipher_digest_and_mask():
    sealed = pii.seal("phone", "13812345678")
    assert sealed.masked == "138****5678"
    assert sealed.digest == pii.digest("phone", "13812345678")
    assert pii.unseal("phone", sealed.cipher) == "13812345678"
