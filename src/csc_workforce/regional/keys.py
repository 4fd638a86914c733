"""An alliance's key: the secret that turns a SWE registration number into the same pseudonym in every member
council's regional extract, and proves which key made an extract.

A key is at least 32 random bytes, kept in a file of hex digits (``csc-workforce regional key new --output
FILE`` writes one, or any random generator: ``openssl rand -hex 32``), outside the database and never printed
or logged: :class:`Key`'s ``repr`` shows only its public id, and no message here quotes a key file's content.

- The **key id** (:attr:`Key.key_id`) is public: the first 16 hex digits of SHA-256 over a fixed label and the
  key. An extract names the id of the key it was made with, so a reader given several keys (the old and the new
  after a rotation) reads each extract with the key it names.
- A **pseudonym** (:meth:`Key.pseudonym`) is HMAC-SHA256 under the key of the SWE number written the one way
  (:func:`normalise_swe`), as 64 lower-case hex digits: anyone holding the key can make it with any HMAC
  tool (``printf %s SW123456 | openssl dgst -sha256 -hmac ...`` with the key's bytes), nobody without it can
  turn it back.
- A **check** (:meth:`Key.check`) is HMAC-SHA256 under the key over a fixed label and a text (the extract's
  header and rows): it can be made only with the key, so an extract made with another key, or changed after it
  was made, fails it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

KEY_BYTES = 32
"""The bytes of a new key, and the fewest a key file may hold (64 hex digits)."""
MIN_HEX_DIGITS = 2 * KEY_BYTES
MAX_KEY_FILE_BYTES = 4096
"""A key file larger than this is not a key file (a key of 2,048 hex digits, wrapped, fits)."""

_ID_LABEL = b"csc-workforce regional key id\x00"
_CHECK_LABEL = b"csc-workforce regional extract check\x00"
_LOCAL_LABEL = b"csc-workforce regional local person\x00"
_HEX = re.compile(r"[0-9A-Fa-f]*")
_WHITESPACE = re.compile(r"\s+")
NEW_KEY_HINT = "Make a key with `csc-workforce regional key new --output FILE` (or `openssl rand -hex 32 > FILE`)."


class KeyFileError(ValueError):
    """A key file that cannot be used: the message says why and what to do, and never quotes the file."""


@dataclass(frozen=True, slots=True)
class Key:
    """A key's bytes (never shown: ``repr`` gives only the id) and its public id."""

    material: bytes = field(repr=False)
    key_id: str = field(init=False)

    def __post_init__(self) -> None:
        if len(self.material) < KEY_BYTES:
            short = f"A key is at least {KEY_BYTES} bytes ({MIN_HEX_DIGITS} hex digits)."
            raise KeyFileError(f"{short} {NEW_KEY_HINT}")
        object.__setattr__(self, "key_id", hashlib.sha256(_ID_LABEL + self.material).hexdigest()[:16])

    def __repr__(self) -> str:
        return f"Key(key_id={self.key_id!r})"

    def pseudonym(self, swe_no: str) -> str:
        """The pseudonym of a SWE number: HMAC-SHA256 under the key of :func:`normalise_swe` of it, hex."""
        normal = normalise_swe(swe_no)
        if not normal:
            raise ValueError("an empty SWE number has no pseudonym")
        return hmac.new(self.material, normal.encode("utf-8"), hashlib.sha256).hexdigest()

    def local_pseudonym(self, la_code: str, person_key: str) -> str:
        """The pseudonym of a person the records hold no SWE number for: HMAC-SHA256 under the key of a label, the
        council and its own person key, which no SWE number's pseudonym (nor another council's person) can
        equal."""
        message = _LOCAL_LABEL + la_code.encode("utf-8") + b"\x00" + person_key.encode("utf-8")
        return hmac.new(self.material, message, hashlib.sha256).hexdigest()

    def check(self, text: str) -> str:
        """HMAC-SHA256 under the key over a fixed label and ``text``, hex."""
        return hmac.new(self.material, _CHECK_LABEL + text.encode("utf-8"), hashlib.sha256).hexdigest()


def normalise_swe(swe_no: str) -> str:
    """A SWE number written the one way: every space removed and upper case (``" sw 123456 "`` is
    ``"SW123456"``), as the importers store it (``importers.build.normalise_swe``), so a worker returned by one
    council's census and loaded from another's HR extract gets one pseudonym."""
    return _WHITESPACE.sub("", swe_no).upper()


def key_from_text(text: str, *, name: str = "The key file") -> Key:
    """The key a key file's text holds: hex digits (at least 64, an even number; upper or lower case), with any
    whitespace (line breaks, a trailing newline) ignored. Anything else is refused with :class:`KeyFileError`,
    whose message says how many digits were found, never what they are."""
    digits = _WHITESPACE.sub("", text)
    if not digits:
        raise KeyFileError(f"{name} is empty. {NEW_KEY_HINT}")
    if not _HEX.fullmatch(digits):
        raise KeyFileError(
            f"{name} holds characters other than hex digits (0-9, a-f) and whitespace; a key file holds the key "
            f"alone, with no label, quotes or comments. {NEW_KEY_HINT}"
        )
    if len(digits) < MIN_HEX_DIGITS:
        raise KeyFileError(
            f"{name} holds {len(digits)} hex digits; a key needs at least {MIN_HEX_DIGITS} ({KEY_BYTES} random "
            f"bytes). {NEW_KEY_HINT}"
        )
    if len(digits) % 2:
        raise KeyFileError(
            f"{name} holds an odd number of hex digits ({len(digits)}); a key is whole bytes, two digits each. "
            "It may have been cut or mistyped: copy it again from the alliance's key holder."
        )
    return Key(bytes.fromhex(digits))


def read_key_file(path: Path) -> Key:
    """The key in the file at ``path`` (:func:`key_from_text`); :class:`KeyFileError` when it cannot be read or is
    not a key file."""
    name = f"The key file {path}"
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise KeyFileError(f"{name} cannot be read: {exc.strerror}.") from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise KeyFileError(f"{name} is over {MAX_KEY_FILE_BYTES:,} bytes long, so it is not a key file. {NEW_KEY_HINT}")
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise KeyFileError(
            f"{name} holds characters other than hex digits (0-9, a-f) and whitespace; a key file holds the key "
            f"alone. {NEW_KEY_HINT}"
        ) from None
    return key_from_text(text, name=name)


def key_file_warning(path: Path) -> str | None:
    """A warning when the key file can be read by users other than its owner (group or others), else None."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    if mode & 0o077:
        return (
            f"The key file {path} can be read by other users (mode {mode:04o}); keep it to its owner: chmod 600 {path}"
        )
    return None


def new_key_hex() -> str:
    """A new random key: :data:`KEY_BYTES` bytes from the operating system's generator, as 64 hex digits."""
    return secrets.token_hex(KEY_BYTES)


def _owner_only(descriptor: int) -> None:
    """Make a new file exactly 0600, whatever the umask (created 0600, a umask can only take bits away)."""
    if hasattr(os, "fchmod"):  # not on Windows before Python 3.13, where the mode given to os.open is all there is
        os.fchmod(descriptor, 0o600)


def write_new_key(path: Path) -> Key:
    """Write a new key to ``path`` (a new file, created readable by its owner alone: 0600), with a trailing
    newline; refuse (``FileExistsError``) a path that exists, so a key is never overwritten. Returns the key, for
    its id."""
    text = new_key_hex()
    key = key_from_text(text)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        _owner_only(descriptor)
        os.write(descriptor, (text + "\n").encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return key


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by its owner alone (0600), replacing any file there only once the new
    one is complete: written to a new file beside it, then renamed over it."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            _owner_only(descriptor)
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
