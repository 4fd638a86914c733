"""The upload page links to a template for every kind of extract, as CSV and as Excel; each downloads."""

from __future__ import annotations

import pytest

from csc_workforce.importers import KINDS, read_table
from csc_workforce.importers.templates import template_csv, template_header
from csc_workforce.store import models as m


@pytest.fixture
def analyst_client(client, make_user, councils):
    client.force_login(make_user("ana-templates", "analyst"))
    return client


def test_the_upload_page_links_to_each_kinds_templates(analyst_client):
    page = analyst_client.get("/uploads/").content.decode()
    for kind in KINDS:
        assert f'href="/uploads/templates/{kind.value}.csv"' in page
        assert f'href="/uploads/templates/{kind.value}.xlsx"' in page


@pytest.mark.parametrize("kind", [k.value for k in KINDS])
def test_each_template_downloads_as_csv_and_excel(analyst_client, kind):
    csv = analyst_client.get(f"/uploads/templates/{kind}.csv")
    assert csv.status_code == 200
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv["Content-Disposition"] == f'attachment; filename="{kind}-template.csv"'
    assert csv.content.decode() == template_csv(kind)
    xlsx = analyst_client.get(f"/uploads/templates/{kind}.xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == f'attachment; filename="{kind}-template.xlsx"'
    assert list(read_table(xlsx.content, filename="t.xlsx").header) == template_header(kind)


@pytest.mark.parametrize("path", ["/uploads/templates/census.csv", "/uploads/templates/people.ods"])
def test_no_template_for_anything_else(analyst_client, path):
    assert analyst_client.get(path).status_code == 404


def test_templates_are_for_those_who_load_data(client, make_user, councils):
    client.force_login(make_user("viewer-templates", m.Role.VIEWER.value))
    assert client.get("/uploads/templates/people.csv").status_code == 403
