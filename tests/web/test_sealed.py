"""Sealed answers: what the page carries opens only with our key, unaltered and in time; a save
file opens only with its passphrase."""

from __future__ import annotations

import base64

import pytest

from app.web.sealed import SAVE_MAGIC, SealError, Sealer, open_with_passphrase, seal_with_passphrase

KEY = bytes(range(32))
ANSWERS = {"state": "CA", "relationships": ["neighbor"], "petitioner": {"name": "Thanh Nguyễn"}, "notes": "x" * 2000}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def flip(token: str, at: int) -> str:
    """The token with one bit of its decoded bytes changed."""
    raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    raw[at] ^= 0x01
    return base64.urlsafe_b64encode(bytes(raw)).decode("ascii").rstrip("=")


def test_a_sealed_token_opens_to_the_same_answers():
    sealer = Sealer(KEY, 3600)
    token = sealer.seal(ANSWERS)
    assert sealer.open(token) == ANSWERS


def test_a_token_is_url_safe_and_does_not_show_the_answers():
    token = Sealer(KEY, 3600).seal(ANSWERS)
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert "neighbor" not in token and "Thanh" not in token


def test_sealing_the_same_answers_twice_gives_different_tokens():
    sealer = Sealer(KEY, 3600)
    assert sealer.seal(ANSWERS) != sealer.seal(ANSWERS)


@pytest.mark.parametrize("at", [2, 13, 20, -1], ids=["nonce", "nonce end", "ciphertext", "tag"])
def test_a_token_changed_anywhere_is_refused(at):
    sealer = Sealer(KEY, 3600)
    with pytest.raises(SealError):
        sealer.open(flip(sealer.seal(ANSWERS), at))


def test_a_token_sealed_under_another_key_is_refused():
    token = Sealer(bytes(32), 3600).seal(ANSWERS)
    with pytest.raises(SealError, match="older visit or were changed"):
        Sealer(KEY, 3600).open(token)


@pytest.mark.parametrize("token", ["", "not a token!", "QQ", "A" * 400_001], ids=["empty", "not base64", "too short", "too long"])
def test_something_that_is_not_a_token_is_refused(token):
    with pytest.raises(SealError):
        Sealer(KEY, 3600).open(token)


def test_a_token_opens_until_its_age_limit_and_not_a_second_after():
    clock = Clock()
    sealer = Sealer(KEY, 600, clock=clock)
    token = sealer.seal(ANSWERS)
    clock.now += 600
    assert sealer.open(token) == ANSWERS
    clock.now += 1
    with pytest.raises(SealError, match="expired"):
        sealer.open(token)


def test_a_save_file_opens_with_its_passphrase():
    blob = seal_with_passphrase(ANSWERS, "correct horse battery staple")
    assert blob.startswith(SAVE_MAGIC) and b"neighbor" not in blob
    assert open_with_passphrase(blob, "correct horse battery staple") == ANSWERS


def test_a_save_file_refuses_the_wrong_passphrase():
    blob = seal_with_passphrase(ANSWERS, "correct horse battery staple")
    with pytest.raises(SealError, match="passphrase"):
        open_with_passphrase(blob, "correct horse battery stapler")


def test_a_changed_save_file_is_refused():
    blob = bytearray(seal_with_passphrase(ANSWERS, "pass phrase"))
    blob[-20] ^= 0x01
    with pytest.raises(SealError):
        open_with_passphrase(bytes(blob), "pass phrase")


@pytest.mark.parametrize("blob", [b"", b"%PDF-1.7\n...", SAVE_MAGIC + b"short"], ids=["empty", "a PDF", "truncated"])
def test_a_file_that_is_not_an_aegis_save_file_is_refused_as_such(blob):
    with pytest.raises(SealError, match="not a saved Aegis file"):
        open_with_passphrase(blob, "pass phrase")
