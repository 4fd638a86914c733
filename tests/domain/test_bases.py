"""The one table of bases and their names."""

from __future__ import annotations

from csc_workforce.domain.bases import BASES, BASIS_LABELS, OWN_LABELS


def test_two_bases_named_in_words() -> None:
    assert BASES == ("returned", "records")
    assert BASIS_LABELS == {"returned": "As returned", "records": "From records"}
    assert OWN_LABELS == {"returned": "own return", "records": "own records"}
