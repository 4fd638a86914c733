"""An alliance's key file (``regional.keys``): what a key file may hold, what is refused and how (never quoting
the file), new keys written 0600 and never over a file, and the one way a SWE number is written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from csc_workforce.importers.build import normalise_swe as importers_normalise_swe
from csc_workforce.regional import (
    Key,
    KeyFileError,
    key_file_warning,
    key_from_text,
    normalise_swe,
    read_key_file,
    write_new_key,
    write_private,
)

DIGITS = bytes(range(32)).hex()


@pytest.mark.parametrize(
    "text",
    [
        DIGITS,
        DIGITS + "\n",
        DIGITS.upper() + "\r\n",
        "  " + DIGITS[:30] + "\n" + DIGITS[30:] + "\n\n",  # wrapped, as `xxd -p` writes it
        "\t" + " ".join(DIGITS[i : i + 2] for i in range(0, 64, 2)),
    ],
    ids=["bare", "newline", "upper-case-crlf", "wrapped", "spaced"],
)
def test_a_key_file_holds_hex_digits_with_any_whitespace(text: str):
    assert key_from_text(text).material == bytes(range(32))


def test_a_longer_key_is_accepted_and_is_another_key():
    longer = key_from_text(DIGITS + "2021")
    assert len(longer.material) == 34 and longer.key_id != key_from_text(DIGITS).key_id


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "is empty"),
        (" \n\n", "is empty"),
        (DIGITS[:63], "holds 63 hex digits; a key needs at least 64 (32 random bytes)"),
        (DIGITS[:62], "holds 62 hex digits; a key needs at least 64"),
        (DIGITS + "f", "holds an odd number of hex digits (65)"),
        ("key=" + DIGITS, "holds characters other than hex digits (0-9, a-f) and whitespace"),
        ('"' + DIGITS + '"', "holds characters other than hex digits"),
        ("0x" + DIGITS, "holds characters other than hex digits"),
        (DIGITS[:-1] + "g", "holds characters other than hex digits"),
        ("# alliance key\n" + DIGITS, "holds characters other than hex digits"),
    ],
)
def test_anything_else_is_refused_with_a_message_that_never_quotes_the_file(text: str, said: str):
    with pytest.raises(KeyFileError) as refused:
        key_from_text(text)
    message = str(refused.value)
    assert said in message
    assert DIGITS[:8] not in message and DIGITS[-8:] not in message


def test_a_key_file_is_read_with_limits(tmp_path: Path):
    path = tmp_path / "alliance.key"
    path.write_text(DIGITS + "\n")
    path.chmod(0o600)
    assert read_key_file(path).material == bytes(range(32))
    assert key_file_warning(path) is None
    path.chmod(0o644)
    assert key_file_warning(path) == (
        f"The key file {path} can be read by other users (mode 0644); keep it to its owner: chmod 600 {path}"
    )
    path.write_bytes(("é" + DIGITS).encode())
    with pytest.raises(KeyFileError, match="holds characters other than hex digits"):
        read_key_file(path)
    path.write_text(DIGITS * 100)  # 6,400 bytes: not a key file, even if it were all hex
    with pytest.raises(KeyFileError, match="is over 4,096 bytes long"):
        read_key_file(path)
    with pytest.raises(KeyFileError, match="cannot be read: No such file or directory"):
        read_key_file(tmp_path / "missing.key")


def test_a_key_is_at_least_32_bytes():
    with pytest.raises(KeyFileError, match="at least 32 bytes"):
        Key(bytes(31))


def test_a_new_key_is_random_written_0600_and_never_over_a_file(tmp_path: Path):
    first, second = tmp_path / "a.key", tmp_path / "b.key"
    old_umask = os.umask(0o022)
    try:
        made = write_new_key(first)
        other = write_new_key(second)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert read_key_file(first) == made and made != other
    text = first.read_text()
    assert len(text) == 65 and text.endswith("\n")
    with pytest.raises(FileExistsError):
        write_new_key(first)
    assert first.read_text() == text


def test_a_private_file_replaces_one_there_and_is_its_owners_alone(tmp_path: Path):
    path = tmp_path / "990.csv"
    path.write_text("old")
    path.chmod(0o644)
    write_private(path, b"new")
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["990.csv"]  # no partial file left beside it


@pytest.mark.parametrize("typed", ["SW123456", " sw123456 ", "Sw 123 456", "sw\t123456\n"])
def test_a_swe_number_is_written_one_way_as_the_importers_write_it(typed: str):
    assert normalise_swe(typed) == importers_normalise_swe(typed) == "SW123456"
