"""Regional alliances' pure parts: the alliance's key and the pseudonymised regional extract
(``docs/regional-extract.md``). No Django: the application layer (``store``) reads a council's records and
stores extracts read; the command line (``cli/regional.py``) writes and reads the files."""

from __future__ import annotations

from csc_workforce.regional.extract import (
    FORMAT,
    Extract,
    ExtractError,
    ExtractRow,
    MadeExtract,
    Problem,
    extract_rows,
    make_extract,
    read_extract,
)
from csc_workforce.regional.keys import (
    Key,
    KeyFileError,
    key_file_warning,
    key_from_text,
    new_key_hex,
    normalise_swe,
    read_key_file,
    write_new_key,
    write_private,
)

__all__ = [
    "FORMAT",
    "Extract",
    "ExtractError",
    "ExtractRow",
    "Key",
    "MadeExtract",
    "KeyFileError",
    "Problem",
    "extract_rows",
    "key_file_warning",
    "key_from_text",
    "make_extract",
    "new_key_hex",
    "normalise_swe",
    "read_extract",
    "read_key_file",
    "write_new_key",
    "write_private",
]
