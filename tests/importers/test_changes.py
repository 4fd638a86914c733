"""The preview: what confirming an import would add, change and end."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from csc_workforce.domain.codes import ReasonLeave
from csc_workforce.domain.records import CouncilRecords
from csc_workforce.importers import FieldChange, merge_records, preview_changes
from tests.importers.support import COUNCIL, PERSON_KEYS, people, people_and_engagements, run


def test_everything_is_added_when_nothing_is_held() -> None:
    changes = preview_changes(people_and_engagements(), CouncilRecords(COUNCIL))
    assert changes.total("added") == 4
    assert [(c.kind, c.key) for c in changes.added][:2] == [("people", "swe:SW1001"), ("people", "ref:E2")]
    assert not changes.is_empty


def test_re_importing_the_same_data_changes_nothing_even_from_another_source() -> None:
    held = people_and_engagements()
    again = CouncilRecords(COUNCIL, people=tuple(replace(p, source="upload:2") for p in held.people))
    changes = preview_changes(again, held)
    assert changes.is_empty
    assert changes.total("unchanged") == 2


def test_added_changed_and_ended_are_counted_and_listed_with_field_changes() -> None:
    held = people_and_engagements()
    rows = [
        ["Employee ID", "Contract type", "Start date", "End date", "Reason for leaving"],
        ["E1", "Perm", "01/04/2020", "30/06/2024", "Retired"],  # ended
        ["E2", "Agency", "01/09/2023", "30/04/2024", "Resigned"],  # end date moved: changed
        ["E2", "Perm", "01/05/2024", "", ""],  # added
    ]
    incoming = run("engagements", rows, existing=held, person_keys=PERSON_KEYS).records
    changes = preview_changes(incoming, held)
    counts = {c.kind: c for c in changes.counts}["engagements"]
    assert (counts.added, counts.changed, counts.ended, counts.unchanged) == (1, 1, 1, 0)
    ended = changes.ended[0]
    assert ended.key == "swe:SW1001/P/2020-04-01"
    assert ended.fields == (
        FieldChange("end_date", None, "2024-06-30"),
        FieldChange("reason_leave", None, str(ReasonLeave.RETIRED)),
    )
    assert changes.changed[0].fields == (FieldChange("end_date", "2024-03-31", "2024-04-30"),)
    assert changes.added[0].key == "ref:E2/P/2024-05-01"


def test_examples_are_limited_but_counts_are_not() -> None:
    rows = [["Employee ID"], *[[f"X{i}"] for i in range(30)]]
    changes = preview_changes(run("people", rows).records, people(), examples=5)
    assert changes.total("added") == 30
    assert len(changes.added) == 5


def test_assignment_keys_are_engagement_and_effective_from() -> None:
    held = people_and_engagements()
    first = run(
        "assignments",
        [["Employee ID", "From", "FTE"], ["E1", "01/05/2020", "1"]],
        existing=held,
        person_keys=PERSON_KEYS,
    ).records
    second = run(
        "assignments",
        [["Employee ID", "From", "FTE", "To"], ["E1", "01/05/2020", "0.5", "31/12/2020"]],
        existing=held,
        person_keys=PERSON_KEYS,
    ).records
    changes = preview_changes(second, merge_records(held, first))
    assert changes.total("ended") == 1
    assert FieldChange("fte", "1", "0.5") in changes.ended[0].fields
    assert changes.ended[0].key == "swe:SW1001/P/2020-04-01@2020-05-01"


def test_merge_records_lays_incoming_over_existing_by_key() -> None:
    held = people_and_engagements()
    leaver = replace(held.engagements[0], end_date=date(2024, 6, 30))
    merged = merge_records(held, CouncilRecords(COUNCIL, engagements=(leaver,)))
    assert merged.engagements == (leaver, held.engagements[1])
    assert merged.people == held.people
