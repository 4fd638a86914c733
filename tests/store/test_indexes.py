"""The indexes and constraints the record tables rely on, as the database holds them (both databases)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction

from csc_workforce.store import models as m
from csc_workforce.store.services.records import links_checked


def _record_models() -> list[type[models.Model]]:
    return [model for model in apps.get_app_config("workforce").get_models() if issubclass(model, m.Record)]


def _indexes(model: type[models.Model]) -> list[list[str]]:
    """The columns of each index of the model's table (unique constraints' indexes and the primary key too)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [list(c["columns"]) for c in found.values() if (c["index"] or c["unique"]) and c["columns"]]


@pytest.mark.django_db
def test_every_record_table_finds_a_councils_rows_by_an_index() -> None:
    """A council's rows are read, replaced and deleted by its council column (records_delete, the selectors): every
    record table has an index beginning with it. Kinds with a unique constraint beginning with the council
    (KeyedRecord) have that one only; the others, the council's own."""
    keyed = []
    for model in _record_models():
        leading = [columns for columns in _indexes(model) if columns[0] == "council_id"]
        assert leading, f"{model.__name__}: no index begins with council_id"
        if issubclass(model, m.KeyedRecord):
            assert ["council_id"] not in leading, f"{model.__name__}: its council is indexed twice"
            keyed.append(model.__name__)
        else:
            assert ["council_id"] in leading, model.__name__
    assert {"Team", "Person", "Engagement"} <= set(keyed)


@pytest.mark.django_db
def test_links_are_checked_when_asked_on_postgresql() -> None:
    """On PostgreSQL a row naming an engagement that does not exist (by a link that keeps its constraint: a
    supervision session's) fails at links_checked (census_import asks after
    each council), not only at COMMIT, and the transaction is rolled back."""
    if connection.vendor != "postgresql":
        pytest.skip("links_checked does nothing on SQLite: its links are checked at COMMIT")
    council = m.Council.objects.create(la_code="990", name="Northgate")
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO {m.SupervisionSession._meta.db_table} (council_id, engagement_id, "on", kind) '
                "VALUES (%s, 2147483000, '2024-09-30', 'formal')",
                [council.pk],
            )
        links_checked()
    assert not m.SupervisionSession.objects.exists()


@pytest.mark.django_db
def test_a_census_records_links_are_followed_on_delete_without_constraints(councils: list[str]) -> None:
    """The links census imports write (an engagement's person; an assignment's, absence's, caseload's and pay's
    engagement; an assignment's team) have no database constraint (docs/decisions/0004): Django follows them when a
    person or team is deleted, leaving no row naming one that is gone."""
    person = m.Person.objects.filter(engagements__assignments__isnull=False).first()
    assert person is not None
    engagements = list(person.engagements.values_list("id", flat=True))
    children = (m.Assignment, m.Absence, m.CaseloadSnapshot, m.Pay)
    assert any(model.objects.filter(engagement_id__in=engagements).exists() for model in children)
    person.delete()
    assert not m.Engagement.objects.filter(id__in=engagements).exists()
    for model in children:
        assert not model.objects.filter(engagement_id__in=engagements).exists(), model.__name__
    team = m.Team.objects.create(council=person.council, key="team:x", name="X")
    assignment = m.Assignment.objects.filter(council=person.council).first()
    assert assignment is not None
    m.Assignment.objects.filter(pk=assignment.pk).update(team=team)
    team.delete()
    assignment.refresh_from_db()
    assert assignment.team_id is None
    for model, column, parent in (
        (m.Engagement, "person_id", m.Person),
        *((child, "engagement_id", m.Engagement) for child in children),
    ):
        names = set(model.objects.values_list(column, flat=True))
        assert names <= set(parent.objects.values_list("id", flat=True)), model.__name__
