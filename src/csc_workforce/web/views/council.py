"""A council's pages: the overview (headline measures and the council's other pages) and its sub-pages
(``dashboard.COUNCIL_PARTS``: trends against England and the region, and the workforce profile), all made from
one cached dashboard; every table downloads as CSV or XLSX. Who sees what comes from the user's role
(docs/web.md)."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from csc_workforce.reports.tables import Table, to_csv, to_xlsx
from csc_workforce.store import models as m
from csc_workforce.store.models import Role
from csc_workforce.store.services.audit import audit_record
from csc_workforce.store.services.census import census_export
from csc_workforce.store.services.dashboard import (
    COUNCIL_PARTS,
    CouncilPart,
    Dashboard,
    cached_council_dashboard,
)
from csc_workforce.store.services.records_pages import PAGES
from csc_workforce.web.access import (
    DATA_ROLES,
    EVERYONE,
    WITHHELD_FROM,
    audience,
    forbidden,
    grants_of,
    may_see_council,
    request_origin,
    role_of,
    role_required,
    signed_in_user,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _dashboard(request: HttpRequest, la_code: str) -> tuple[m.Council, Dashboard] | HttpResponse:
    held = m.Council.objects.filter(la_code=la_code).first()
    if held is None:
        raise Http404(f"No council {la_code} is held.")
    if not may_see_council(request.user, la_code):
        return forbidden(request, "You can see only your own council's figures.")
    teams, suppress = audience(request.user, la_code)
    # Viewers see every table with small numbers withheld; managers their own teams in full and the rest of
    # the council withheld in the same way (docs/web.md); one mechanism, measures.disclosure, for pages and
    # downloads alike, since both are made from this one dashboard.
    board = cached_council_dashboard(council=held, today=timezone.localdate(), teams=teams, suppress=suppress)
    return held, board


PARTS: dict[str, CouncilPart] = {part.key: part for part in COUNCIL_PARTS}


def part_url(la_code: str, part: CouncilPart) -> str:
    return reverse("council", args=[la_code]) + (f"{part.key}/" if part.key else "")


@role_required(*EVERYONE)
def council(request: HttpRequest, la_code: str, part: str = "") -> HttpResponse:
    """The overview (``part`` "") or one sub-page of the council's figures; a sub-page with nothing on this
    council's dashboard (sickness by cause, when no causes are recorded) is not found."""
    found = _dashboard(request, la_code)
    if isinstance(found, HttpResponse):
        return found
    held, board = found
    shown = PARTS[part]
    sections = shown.sections(board)
    if shown.key and not sections:
        raise Http404(f"{held.name}'s records give no {shown.title.lower()} figures.")
    role = role_of(request.user, la_code)
    context = {
        "council": held,
        "board": board,
        "part": shown,
        "sections": sections,
        "navigation_parts": [
            {"part": p, "href": part_url(held.la_code, p), "current": p is shown}
            for p in COUNCIL_PARTS
            if not p.key or p.sections(board)
        ],
        "part_download": reverse(f"council-{shown.key}-download", args=[held.la_code]) if shown.key else "",
        "loads_data": role in DATA_ROLES,
        "manager": role is Role.MANAGER,
        "manager_teams": sorted(grants_of(request.user).teams_for(la_code) or ()),
        "viewer": role is Role.VIEWER,
        "withheld": role in WITHHELD_FROM,
        "record_pages": tuple(PAGES.values()),
    }
    return render(request, "web/council.html" if not shown.key else "web/council_part.html", context)


@role_required(*EVERYONE)
def council_download(request: HttpRequest, la_code: str, key: str, fmt: str) -> HttpResponse:
    found = _dashboard(request, la_code)
    if isinstance(found, HttpResponse):
        return found
    _, board = found
    return tables_download(
        request, la_code, key, fmt, board.tables(), stamp=str(board.year), detail={"year": board.year}
    )


@role_required(*EVERYONE)
def council_part_download(request: HttpRequest, la_code: str, part: str) -> HttpResponse:
    """Every table of one sub-page as one workbook, named and audited as that sub-page's."""
    found = _dashboard(request, la_code)
    if isinstance(found, HttpResponse):
        return found
    _, board = found
    tables = PARTS[part].tables(board)
    if not tables:
        raise Http404("This council's records give no tables for this page.")
    return tables_download(
        request,
        la_code,
        "all",
        "xlsx",
        tables,
        stamp=f"{part}-{board.year}",
        detail={"year": board.year, "page": part},
    )


def tables_download(
    request: HttpRequest,
    la_code: str,
    key: str,
    fmt: str,
    tables: dict[str, Table],
    *,
    stamp: str,
    detail: Mapping[str, object],
    object_type: str = "council-table",
) -> HttpResponse:
    """One table of a council's page as CSV or XLSX, or every table (``key`` "all") as XLSX; audited (``la_code``
    names the file and the audit's object: an alliance's slug for a regional page's table)."""
    if key == "all" and tables:
        chosen = list(tables.values())
    elif key in tables:
        chosen = [tables[key]]
    else:
        raise Http404(f"No table {key} on this page." if key != "all" else "This page has no tables.")
    if fmt == "csv" and len(chosen) == 1:
        response = HttpResponse(to_csv(chosen[0]), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(to_xlsx(chosen), content_type=XLSX)
    else:
        raise Http404("Download as csv (one table) or xlsx.")
    response["Content-Disposition"] = f'attachment; filename="{la_code}-{key}-{stamp}.{fmt}"'
    audit_record(
        action="export",
        user=signed_in_user(request),
        object_type=object_type,
        object_id=f"{la_code}/{key}",
        detail={"format": fmt, **detail},
        origin=request_origin(request),
    )
    return response


@role_required(*DATA_ROLES)
def census_return_download(request: HttpRequest, la_code: str, year: int) -> HttpResponse:
    """The council's CSWW census return for ``year``, written from its records (for DfE's COLLECT)."""
    if not may_see_council(request.user, la_code):
        return forbidden(request, "You can see only your own council's figures.")
    try:
        result = census_export(la_code=la_code, year=year, generated_at=timezone.now().replace(microsecond=0))
    except LookupError as missing:
        raise Http404(str(missing)) from missing
    errors = [i for i in result.issues if i.is_error]
    audit_record(
        action="export",
        user=signed_in_user(request),
        object_type="census-return",
        object_id=f"{la_code}/{year}",
        detail={"workers": result.workers, "errors": len(errors)},
        origin=request_origin(request),
    )
    response = HttpResponse(result.data, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="csww-{la_code}-{year}.xml"'
    return response
