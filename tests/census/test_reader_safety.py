"""Unsafe or unreadable input gives one issue, never an exception and never expanded content."""

from __future__ import annotations

import pytest

from csc_workforce.census.csww import read_census

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Message><Header><CollectionDetails><Year>&lol9;</Year></CollectionDetails></Header></Message>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Message><Header><Source><SoftwareCode>&secret;</SoftwareCode></Source></Header></Message>"""


def test_reader_rejects_billion_laughs_without_expanding() -> None:
    result = read_census(BILLION_LAUGHS, name="bomb.xml")
    assert [i.code for i in result.issues] == ["CSWW-FILE-002"]
    assert result.census_return is None
    assert "lol" not in result.issues[0].message


def test_reader_rejects_external_entity_without_reading_the_other_file() -> None:
    result = read_census(EXTERNAL_ENTITY)
    assert [i.code for i in result.issues] == ["CSWW-FILE-002"]
    assert "root:" not in result.issues[0].as_text()


def test_reader_rejects_doctype_hidden_by_utf16_encoding() -> None:
    data = EXTERNAL_ENTITY.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')
    result = read_census(data.decode("ascii").encode("utf-16"))
    assert [i.code for i in result.issues] == ["CSWW-FILE-002"]
    assert "root:" not in result.issues[0].message


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n",
        b"not xml at all",
        b"\x00\xff\xfe\x89PNG",
        b"<Message><Header>",
        b"<?xml version='1.0'?>",
    ],
)
def test_reader_reports_unreadable_file_as_one_error(data: bytes) -> None:
    result = read_census(data, name="upload.xml")
    assert [i.code for i in result.issues] == ["CSWW-FILE-001"]
    assert result.census_return is None and result.has_errors
    assert result.issues[0].message.startswith("upload.xml: ")


def test_reader_rejects_a_file_that_is_not_a_census_return() -> None:
    result = read_census(b"<html><body>hello</body></html>")
    assert [(i.code, i.location.line) for i in result.issues] == [("CSWW-FILE-003", 1)]
