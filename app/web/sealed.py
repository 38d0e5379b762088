"""Answers that travel with the page instead of living on the server.

The questionnaire keeps nothing server-side: each page carries the answers so far in a hidden
field, compressed and sealed with AES-GCM under the app's key (tamper-proof, unreadable to
anyone who copies the page source without the key, and useless after a restart or
`token_max_age_seconds`). "Save for later" uses a passphrase instead of the app key (scrypt
derives the AES key), so only the person can reopen their file.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import time
import zlib
from typing import Any, Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

TOKEN_PREFIX = b"A1"
SAVE_MAGIC = b"AEGIS-SAVE-1\n"
#: scrypt cost: n=2**15, r=8 (~32 MiB, ~0.1 s here): slow for a guesser, fine for one person.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MAX_TOKEN_CHARS = 900_000  # under Starlette's 1 MB form field; the questionnaire caps text far below


class SealError(ValueError):
    """A token or saved file that cannot be opened: expired, altered, or the wrong passphrase."""


class Sealer:
    """Seal and open answer tokens with one key. `clock` is injectable for tests."""

    def __init__(self, key: bytes, max_age_seconds: int, clock: Callable[[], float] = time.time):
        self._aead = AESGCM(key)
        self._max_age = max_age_seconds
        self._clock = clock

    def seal(self, data: dict[str, Any]) -> str:
        """A URL-safe text token holding `data` and the time it was sealed."""
        body = zlib.compress(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8"), 6)
        stamp = struct.pack(">Q", int(self._clock()))
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, stamp + body, TOKEN_PREFIX)
        return base64.urlsafe_b64encode(TOKEN_PREFIX + nonce + sealed).decode("ascii").rstrip("=")

    def open(self, token: str) -> dict[str, Any]:
        """The data in a token; `SealError` when it is empty, altered or too old."""
        if not token or len(token) > MAX_TOKEN_CHARS:
            raise SealError("no answers on this page")
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (ValueError, TypeError):
            raise SealError("the page's answers are damaged") from None
        if raw[:2] != TOKEN_PREFIX or len(raw) < 2 + 12 + 16 + 8:
            raise SealError("the page's answers are damaged")
        try:
            plain = self._aead.decrypt(raw[2:14], raw[14:], TOKEN_PREFIX)
        except InvalidTag:
            raise SealError("the page's answers are from an older visit or were changed") from None
        (stamp,) = struct.unpack(">Q", plain[:8])
        if self._clock() - stamp > self._max_age:
            raise SealError("the page has expired")
        return _decode(zlib.decompress(plain[8:]))


def _key_from(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode("utf-8"))


def seal_with_passphrase(data: dict[str, Any], passphrase: str) -> bytes:
    """A save file: magic line, salt, nonce, AES-GCM(scrypt(passphrase)) of the JSON."""
    salt, nonce = os.urandom(16), os.urandom(12)
    body = zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 9)
    return SAVE_MAGIC + salt + nonce + AESGCM(_key_from(passphrase, salt)).encrypt(nonce, body, SAVE_MAGIC)


def open_with_passphrase(blob: bytes, passphrase: str) -> dict[str, Any]:
    """The data in a save file; `SealError` for a wrong passphrase or a file that is not ours."""
    head = len(SAVE_MAGIC)
    if not blob.startswith(SAVE_MAGIC) or len(blob) < head + 16 + 12 + 16:
        raise SealError("this is not a saved Aegis file")
    salt, nonce, sealed = blob[head:head + 16], blob[head + 16:head + 28], blob[head + 28:]
    try:
        plain = AESGCM(_key_from(passphrase, salt)).decrypt(nonce, sealed, SAVE_MAGIC)
    except InvalidTag:
        raise SealError("the passphrase does not open this file") from None
    return _decode(zlib.decompress(plain))


def _decode(raw: bytes) -> dict[str, Any]:
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise SealError("the page's answers are damaged")
    return data
