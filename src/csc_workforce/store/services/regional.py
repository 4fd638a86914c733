"""The alliance's installation: its key ids registered, its members' pseudonymised extracts imported (each file all
or nothing), and the movement between members read from them (``regional.flows``).

An extract is read and checked by ``regional.extract.read_extract`` with the keys given (the key files are kept
outside the database); it is refused whole when any line is wrong, when it is of a council outside the alliance,
when it was made with a key not registered to the alliance, or when it is older than the extract of its council
already held. An accepted extract replaces its council's previous one. Flows for a census year need every
member's extract as at the year's end (30 September) or later: a member's starts that are not held would make its
incomers look like leavers of the region, so the flows are refused, naming the extracts missing."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

import polars as pl
from django.db import transaction

from csc_workforce.measures.disclosure import Problem, protect
from csc_workforce.regional.extract import Extract, ExtractError, MadeExtract, make_extract, read_extract
from csc_workforce.regional.flows import Agreement, Flows, flows
from csc_workforce.regional.keys import Key
from csc_workforce.reports.tables import Column, Table
from csc_workforce.store import models as m
from csc_workforce.store.services.alliances import alliance as alliance_terms
from csc_workforce.store.services.audit import CHANGE, NOWHERE, Origin, audit_record

ENGAGEMENT_SCHEMA = {
    "worker": pl.String,
    "swe_known": pl.Boolean,
    "la_code": pl.String,
    "contract": pl.String,
    "in_post": pl.Boolean,
    "role": pl.String,
    "fte": pl.Float64,
    "start_date": pl.Date,
    "start_origin": pl.String,
    "start_fte": pl.Float64,
    "end_date": pl.Date,
    "reason_leave": pl.String,
    "birth_year": pl.Int64,
    "charge_rate": pl.Float64,
    "charge_rate_from": pl.Date,
}


class RegionalRefused(ValueError):
    """What was asked cannot be done with what the installation holds; the message says why and what to do."""


def _alliance_row(name: str) -> m.Alliance:
    row = m.Alliance.objects.filter(name=name).first()
    if row is None:
        alliance_terms(name)  # raises LookupError, naming those held
    assert row is not None
    return row


def register_key(alliance: str, key: Key, *, added_by: str, now: datetime, origin: Origin = NOWHERE) -> str:
    """Register ``key``'s public id to the alliance (its members' extracts made with it are then accepted);
    returns the id. The key itself is not stored. Registering it again changes nothing."""
    row = _alliance_row(alliance)
    with transaction.atomic():
        _, made = m.AllianceKey.objects.get_or_create(
            alliance=row, key_id=key.key_id, defaults={"added_by": added_by, "added_at": now}
        )
        if made:
            audit_record(
                action=CHANGE,
                username=added_by,
                object_type="alliance_key",
                object_id=f"{alliance}:{key.key_id}",
                detail={"before": None, "after": {"key_id": key.key_id}},
                origin=origin,
                now=now,
            )
    return key.key_id


@dataclass(frozen=True)
class ImportOutcome:
    """One file: accepted (its council, as-at day and rows) or refused (why, each line named)."""

    filename: str
    accepted: bool
    la_code: str | None = None
    as_at: date | None = None
    rows: int = 0
    replaced: date | None = None  # the as-at day of the extract it replaced
    message: str = ""


def import_extracts(
    files: Sequence[tuple[str, bytes]],
    *,
    alliance: str,
    keys: Sequence[Key],
    imported_by: str,
    now: datetime,
    origin: Origin = NOWHERE,
) -> list[ImportOutcome]:
    """Import members' extracts into the alliance's installation, each file all or nothing (see the module
    docstring)."""
    row = _alliance_row(alliance)
    members = set(row.members.values_list("la_code", flat=True))
    registered = set(row.keys.values_list("key_id", flat=True))
    outcomes = []
    for filename, data in files:
        try:
            read = read_extract(data, keys, councils=members, name=filename)
        except ExtractError as exc:
            outcomes.append(ImportOutcome(filename, False, message=str(exc)))
            continue
        if read.key_id not in registered:
            outcomes.append(
                ImportOutcome(
                    filename,
                    False,
                    la_code=read.la_code,
                    message=f"{filename} was refused: it was made with the key whose id is {read.key_id}, which is "
                    f"not registered to {alliance} (registered: {', '.join(sorted(registered)) or 'none'}). A "
                    "regional administrator registers the alliance's key with csc-workforce regional key add.",
                )
            )
            continue
        outcomes.append(_store(row, read, filename, data, imported_by=imported_by, now=now, origin=origin))
    return outcomes


def _store(
    row: m.Alliance, read: Extract, filename: str, data: bytes, *, imported_by: str, now: datetime, origin: Origin
) -> ImportOutcome:
    with transaction.atomic():
        held = m.RegionalExtract.objects.select_for_update().filter(alliance=row, la_code=read.la_code).first()
        if held is not None and held.as_at > read.as_at:
            return ImportOutcome(
                filename,
                False,
                la_code=read.la_code,
                as_at=read.as_at,
                message=f"{filename} was refused: it is as at {read.as_at.isoformat()}, and the extract of "
                f"{read.la_code} held is later (as at {held.as_at.isoformat()}). Send the latest extract.",
            )
        replaced = None if held is None else held.as_at
        if held is not None:
            held.delete()
        extract = m.RegionalExtract.objects.create(
            alliance=row,
            la_code=read.la_code,
            as_at=read.as_at,
            key_id=read.key_id,
            filename=filename[:500],
            sha256=hashlib.sha256(data).hexdigest(),
            rows=len(read.rows),
            imported_by=imported_by,
            imported_at=now,
        )
        m.RegionalEngagement.objects.bulk_create(
            [
                m.RegionalEngagement(
                    extract=extract,
                    worker=r.worker,
                    swe_known=r.swe_known,
                    la_code=r.la_code,
                    contract=r.contract.value,
                    in_post=r.in_post,
                    role=None if r.role is None else r.role.value,
                    fte=r.fte,
                    start_date=r.start_date,
                    start_origin=None if r.start_origin is None else r.start_origin.value,
                    start_fte=r.start_fte,
                    end_date=r.end_date,
                    reason_leave=None if r.reason_leave is None else r.reason_leave.value,
                    birth_year=r.birth_year,
                    charge_rate=r.charge_rate,
                    charge_rate_from=r.charge_rate_from,
                )
                for r in read.rows
            ],
            batch_size=2000,
        )
        audit_record(
            action="regional-import",
            username=imported_by,
            object_type="regional_extract",
            object_id=f"{row.name}:{read.la_code}",
            detail={
                "file": filename,
                "as_at": read.as_at.isoformat(),
                "key_id": read.key_id,
                "rows": len(read.rows),
                "replaced": None if replaced is None else replaced.isoformat(),
            },
            origin=origin,
            now=now,
        )
    return ImportOutcome(filename, True, read.la_code, read.as_at, len(read.rows), replaced)


def regional_engagements(alliance: str) -> pl.DataFrame:
    """Every engagement of the alliance's imported extracts (:data:`ENGAGEMENT_SCHEMA`)."""
    row = _alliance_row(alliance)
    names = list(ENGAGEMENT_SCHEMA)
    values = m.RegionalEngagement.objects.filter(extract__alliance=row).order_by("id").values_list(*names)
    records = [
        tuple(
            float(v) if name in ("fte", "start_fte", "charge_rate") and v is not None else v
            for name, v in zip(names, r, strict=True)
        )
        for r in values
    ]
    return pl.DataFrame(records, schema=ENGAGEMENT_SCHEMA, orient="row")


def extracts_held(alliance: str) -> dict[str, date]:
    """Each member's extract held: council -> its as-at day."""
    row = _alliance_row(alliance)
    return dict(m.RegionalExtract.objects.filter(alliance=row).values_list("la_code", "as_at"))


class Installation:
    """What the alliance's installation holds, read once for a page or a command: the alliance, each member's
    extract's as-at day, and (when first asked for) every engagement of the extracts. ``version`` names what it
    holds (the alliance's terms and keys, and each extract imported, which a new import replaces): the flows and
    measures worked out from it are kept under it (``_kept``), so a change to any of them is never served stale."""

    def __init__(self, alliance: str) -> None:
        self.name = alliance
        self.terms = alliance_terms(alliance)
        extracts = list(
            m.RegionalExtract.objects.filter(alliance__name=alliance)
            .order_by("la_code")
            .values_list("la_code", "as_at", "id", "sha256")
        )
        self.held = {code: at for code, at, _, _ in extracts}
        terms = self.terms
        held = (terms.name, terms.members, terms.cooling_off_months, sorted(terms.price_caps.items()))
        identity = repr((held, terms.references_required, sorted(terms.keys), extracts))
        self.version = hashlib.sha256(identity.encode()).hexdigest()

    @cached_property
    def engagements(self) -> pl.DataFrame:
        return regional_engagements(self.name)

    def missing(self, day: date, *, exactly: bool) -> list[str]:
        """The members whose extract is not as at ``day`` (``exactly``) or does not reach it, in words."""
        out = []
        for code in self.terms.members:
            at = self.held.get(code)
            if at is None:
                out.append(f"{code} (no extract imported)")
            elif (at != day) if exactly else (at < day):
                out.append(f"{code} (its extract is as at {at.isoformat()})")
        return out


def _installation(alliance: str | Installation) -> Installation:
    return alliance if isinstance(alliance, Installation) else Installation(alliance)


def _kept(held: Installation, what: str, compute: Any) -> Any:
    """``compute()``, kept in Django's cache under the installation's ``version`` (a day at most, as the council
    page keeps its figures): the regional page asks for the same flows and measures at every request."""
    from django.core.cache import cache

    key = "regional:" + hashlib.sha256(f"{held.version}:{what}".encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=24 * 3600)
    return found


def regional_flows(alliance: str | Installation, *, year: int) -> Flows:
    """The census year's movement between the alliance's members (``regional.flows``), with its agreement;
    refused unless every member's extract reaches the year's end."""
    held = _installation(alliance)
    year_end = date(year, 9, 30)
    short = held.missing(year_end, exactly=False)
    if short:
        raise RegionalRefused(
            f"The flows for {year} need every member's extract as at {year_end.isoformat()} or later, and these "
            f"are missing: {'; '.join(short)}. Import them with csc-workforce regional import."
        )
    terms = held.terms
    agreement = Agreement(terms.cooling_off_months, dict(terms.price_caps))
    made: Flows = _kept(
        held, f"flows:{year}", lambda: flows(held.engagements, members=terms.members, year=year, agreement=agreement)
    )
    return made


WITHHELD_MARK = "c"


def flows_tables(made: Flows, *, withhold: bool, moves: bool) -> dict[str, Table]:
    """The regional page's tables (and their downloads): the moves by councils and contracts, the retention of
    each member's permanent leavers, and (``moves``) the moves breaching the agreement. ``withhold``: counts from
    1 to 4, and any count they could be worked out from, shown as "c" (``measures.disclosure``: the retention
    table's totals and the moves' counts are one problem, as each member's moves to the others add up to its
    retention figures)."""
    problem = Problem()
    matrix_keys = []
    for n, r in enumerate(made.matrix):
        matrix_keys.append(problem.cell(("m", n), float(str(r["count"]))))
    retention_keys = []
    for r in made.retention:
        code = str(r["la_code"])
        keys = {part: problem.cell(("r", code, part), float(str(r[part]))) for part in RETENTION_PARTS}
        total = problem.cell(("r", code, "permanent_leavers"), float(str(r["permanent_leavers"])), margin=True)
        problem.equation(total, list(keys.values()))
        same = [k for k, m_ in zip(matrix_keys, made.matrix, strict=True) if _permanent_move(m_, code, same=True)]
        other = [k for k, m_ in zip(matrix_keys, made.matrix, strict=True) if _permanent_move(m_, code, same=False)]
        if same:
            problem.equation(keys["same_council"], same)
        if other:
            problem.equation(keys["other_member"], other)
        retention_keys.append((code, total, keys))
    hidden = protect(problem).withheld if withhold else frozenset()

    def shown(key: Hashable, value: object) -> object:
        return WITHHELD_MARK if key in hidden else value

    matrix = Table.from_dicts(
        f"Moves of leavers in the census year {made.year}: where they started next in the region",
        [
            Column("from_la", "From council"),
            Column("to_la", "To council"),
            Column("from_contract", "Left as"),
            Column("to_contract", "Started as"),
            Column("count", "Moves", numeric=True, decimals=0),
        ],
        [{**r, "count": shown(k, r["count"])} for k, r in zip(matrix_keys, made.matrix, strict=True)],
        notes=("A move is a leaver's next start in any member council, the same one included.",),
    )
    retention = Table.from_dicts(
        f"Retention of each member's permanent leavers, census year {made.year}",
        [
            Column("la_code", "Council"),
            Column("permanent_leavers", "Permanent leavers", numeric=True, decimals=0),
            Column("same_council", "Started next in the same council", numeric=True, decimals=0),
            Column("other_member", "In another member council", numeric=True, decimals=0),
            Column("left_region", "Nowhere in the region's records", numeric=True, decimals=0),
        ],
        [
            {"la_code": code, "permanent_leavers": shown(total, r["permanent_leavers"])}
            | {part: shown(keys[part], r[part]) for part in RETENTION_PARTS}
            for (code, total, keys), r in zip(retention_keys, made.retention, strict=True)
        ],
    )
    out = {"moves": matrix, "retention": retention}
    if moves:
        out["breaches"] = Table.from_dicts(
            f"Moves breaching the agreement, census year {made.year}",
            [
                Column("worker", "Worker (pseudonym)"),
                Column("from_la", "From"),
                Column("to_la", "To"),
                Column("left", "Left"),
                Column("started", "Started"),
                Column("gap_days", "Days between", numeric=True, decimals=0),
                Column("breach", "Rule broken"),
            ],
            [
                {
                    "worker": m_.worker[:16],
                    "from_la": m_.from_la,
                    "to_la": m_.to_la,
                    "left": m_.left,
                    "started": m_.started,
                    "gap_days": m_.gap_days,
                    "breach": "; ".join(m_.breach),
                }
                for m_ in made.breaches
            ],
            notes=(
                "The worker is the first 16 characters of the keyed hash of their SWE number: a member council "
                "holding the alliance's key finds its own worker by hashing its staff's SWE numbers.",
            ),
        )
    return out


RETENTION_PARTS = ("same_council", "other_member", "left_region")


def _permanent_move(row: dict[str, object], code: str, *, same: bool) -> bool:
    if row["from_la"] != code or row["from_contract"] != "permanent":
        return False
    return (row["to_la"] == code) is same


def council_extract(
    la_code: str, *, key: Key, as_at: date, by: str, now: datetime, origin: Origin = NOWHERE
) -> MadeExtract:
    """Council ``la_code``'s pseudonymised regional extract as at ``as_at`` (``regional.extract.make_extract``
    over its records held), audited as an export with the rows, the as-at day and the key's id (never the key);
    ``LookupError`` when the council is not held. For the command line and the council page alike."""
    from csc_workforce.store.services.records import records_load

    council = m.Council.objects.filter(la_code=la_code).first()
    if council is None:
        raise LookupError(f"No council {la_code} is held: import its records first (csc-workforce census import).")
    made = make_extract(records_load(council=council), key=key, as_at=as_at)
    audit_record(
        action="export",
        username=by,
        object_type="regional-extract",
        object_id=la_code,
        detail={"rows": made.rows, "as_at": as_at.isoformat(), "key_id": key.key_id},
        origin=origin,
        now=now,
    )
    return made


MEASURE_COLUMNS = (
    ("inpost_fte", "In-post FTE", 1),
    ("agency_fte", "Agency FTE", 1),
    ("starters_fte", "Starters FTE", 1),
    ("leavers_fte", "Leavers FTE", 1),
)
# what each shown figure is worked out from, for withholding: a figure goes with its headcount
COUNT_OF = {
    "inpost_fte": "inpost_headcount",
    "agency_fte": "agency_headcount",
    "starters_fte": "starters_headcount",
    "leavers_fte": "leavers_headcount",
}


def regional_measures_table(alliance: str | Installation, *, year: int, withhold: bool) -> Table:
    """The members' DfE measures for census year ``year`` side by side with the region's (from the summed
    unrounded components) and England's (DfE's published figures for the year, where published), each member's
    rank among the members (``regional.measures``). Refused (:class:`RegionalRefused`) unless every member's
    extract is as at 30 September ``year``. ``withhold``: a figure whose headcount is 1 to 4, the rates worked out
    from it, and any figure that would give it back through the region's total, shown as "c"."""
    held = _installation(alliance)
    from_returns, why_not = _members_census_table(held.terms.members, year)  # kept by services.measures
    if from_returns is not None:
        return from_returns
    day = date(year, 9, 30)
    wrong = held.missing(day, exactly=True)
    if wrong:
        raise RegionalRefused(
            f"The measures for {year} need every member's extract as at {day.isoformat()} (an extract as at another "
            f"day describes that day's workforce): {'; '.join(wrong)}."
        )
    table: Table = _kept(
        held, f"measures:{year}:{withhold}:{why_not}", lambda: _measures_table(held, year, withhold, why_not)
    )
    return table


def _measures_table(held: Installation, year: int, withhold: bool, why_not: str) -> Table:
    from csc_workforce.benchmarks.published import published_indicators
    from csc_workforce.regional.measures import REGION, rates, regional_measures

    terms = held.terms
    made = regional_measures(held.engagements, members=terms.members, year=year)
    shown_rates = rates()
    problem = Problem()
    for row in made.rows:
        for count in COUNT_OF.values():
            problem.cell((row["la_code"], count), float(str(row[count])), margin=row["la_code"] == REGION)
    for count in COUNT_OF.values():
        problem.equation((REGION, count), [(code, count) for code in terms.members])
    hidden = protect(problem).withheld if withhold else frozenset()
    columns = [Column("la_code", "Council")]
    columns += [Column(key, label, numeric=True, decimals=d) for key, label, d in MEASURE_COLUMNS]
    for m_ in shown_rates:
        columns.append(Column(m_.id, m_.title + " (%)", numeric=True, decimals=m_.decimals))
        if made.ranked and m_.higher_is_better is not None:
            columns.append(Column(f"{m_.id}_rank", f"{m_.title}: rank", numeric=True, decimals=0))
    rows: list[dict[str, Any]] = []
    for row in made.rows:
        out: dict[str, Any] = {c.key: row.get(c.key) for c in columns}
        gone = {count for count in COUNT_OF.values() if (row["la_code"], count) in hidden}
        for key, count in COUNT_OF.items():
            if count in gone:
                out[key] = WITHHELD_MARK
        for m_ in shown_rates:
            assert m_.rate is not None
            if gone & {COUNT_OF.get(c, c) for c in m_.rate.components}:
                out[m_.id] = WITHHELD_MARK
        out["la_code"] = "The region (the members together)" if row["la_code"] == REGION else row["la_code"]
        rows.append(out)
    national = published_indicators().filter(
        (pl.col("geographic_level") == "National") & (pl.col("time_period") == year)
    )
    notes = [
        "From the members' pseudonymised extracts. The region's figures are its members' unrounded components "
        "summed, and its rates worked out from the sums, as DfE aggregates. A rank is among the members, 1 the "
        "best.",
        f"Vacancies, caseloads and sickness absence are not in the extracts: {why_not}",
    ]
    if national.height:
        england = national.row(0, named=True)
        rows.append({"la_code": "England (DfE, published)"} | {c.key: england.get(c.key) for c in columns[1:]})
    else:
        notes.append(f"DfE has published no figures for England for {year} in the release held.")
    return Table.from_dicts(f"DfE measures for census year {year}, members side by side", columns, rows, notes)


def _members_census_table(members: Sequence[str], year: int) -> tuple[Table | None, str]:
    """Every DfE measure for census year ``year`` for each member, from its census return held in this
    installation (the returned basis, or its records where the return is not held: ``services.measures``), the
    region's from the members' unrounded components (the measures' own total), England's as published, and each
    member's rank among the members. None, with the reason in words, unless every member's figures for the year
    are held. Council-level DfE measures are shown to every role (docs/web.md, "Roles")."""
    from csc_workforce.benchmarks.published import published_indicators
    from csc_workforce.measures.catalogue import MEASURES, RATE_UNITS
    from csc_workforce.measures.compute import TOTAL
    from csc_workforce.regional.measures import add_ranks
    from csc_workforce.store.services.measures import NotCovered, measures_table

    held = set(m.Council.objects.filter(la_code__in=members).values_list("la_code", flat=True))
    absent = sorted(set(members) - held)
    if absent:
        return (
            None,
            f"every DfE measure needs each member's census return for {year} held here ({', '.join(absent)} not held).",
        )
    try:
        made = measures_table(year=year, la_codes=sorted(members))
    except (LookupError, NotCovered) as exc:
        return None, f"every DfE measure needs each member's census return for {year}: {exc}"
    rows = [dict(r) for r in made.rows]
    councils = [r for r in rows if r.get("geographic_level") != TOTAL]
    region = [r for r in rows if r.get("geographic_level") == TOTAL]
    shown = [measure for measure in MEASURES if measure.id in rows[0]]
    comparable = [measure for measure in shown if measure.unit in RATE_UNITS]  # a count is not ranked
    ranked = add_ranks(councils, comparable)
    columns = [Column("la_code", "Council")]
    for measure in shown:
        unit = " (%)" if measure.unit == "percent" else ""
        columns.append(Column(measure.id, measure.title + unit, numeric=True, decimals=measure.decimals))
        if ranked and measure in comparable and measure.higher_is_better is not None:
            columns.append(Column(f"{measure.id}_rank", f"{measure.title}: rank", numeric=True, decimals=0))
    columns.append(Column("basis", "Basis"))
    out = [{**r, "la_code": f"{r.get('la_name') or r['old_la_code']} ({r['old_la_code']})"} for r in councils]
    out += [{**r, "la_code": "The region (the members together)"} for r in region]
    national = published_indicators().filter(
        (pl.col("geographic_level") == "National") & (pl.col("time_period") == year)
    )
    notes = [
        "From each member's census return held in this installation (basis: returned, as DfE computes it from the "
        "return; records, from the council's records where its return is not held). The region's figures are its "
        "members' unrounded components summed, and its rates worked out from the sums, as DfE aggregates, never "
        "an average of rates. A rank is among the members, 1 the best, equal figures sharing a rank.",
        *made.notes,
    ]
    if national.height:
        england = national.row(0, named=True)
        out.append({"la_code": "England (DfE, published)"} | {c.key: england.get(c.key) for c in columns[1:-1]})
        out[-1]["basis"] = "published"
    else:
        notes.append(f"DfE has published no figures for England for {year} in the release held.")
    title = f"DfE measures for census year {year}, members side by side"
    return Table.from_dicts(title, columns, out, notes), ""


CHARTED = ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte", "absence_rate_fte")


def measures_charts(table: Table) -> list[tuple[str, str]]:
    """A bar chart of each charted rate in the members' measures table (each member, the region, England), its
    figures those of the table, which is its alternative; a withheld or missing figure has no bar."""
    from csc_workforce.reports.charts import bar_chart

    year = table.title.split("census year ")[-1].split(",")[0]
    keys = [c.key for c in table.columns]
    charts = []
    for measure in CHARTED:
        if measure not in keys:
            continue
        column = table.columns[keys.index(measure)]
        label = column.label.removesuffix(" (%)")
        title = f"{label}, {year}"
        values = [row[keys.index(measure)] for row in table.rows]
        svg = bar_chart(
            title=title,
            description=f"{label} for each member council, the region and England. The table of DfE measures "
            "above has the figures.",
            labels=[str(row[0]) for row in table.rows],
            values=[float(v) if isinstance(v, int | float) else None for v in values],
            unit="%" if column.label.endswith("(%)") else "",
        )
        charts.append((title, svg))
    return charts


def regional_local_table(
    members: Sequence[str], *, year: int, withhold: bool, name: str = "the region"
) -> Table | None:
    """The strategies' local measures (``measures.strategy_catalogue``) for census year ``year``, each member
    held in this installation side by side as its own pages give them (``services.strategies.HeldValues``: as at
    30 September, over the 12 months to it, with small numbers withheld for ``withhold``), each member's rank
    among them for the rates (at least three members), and the region's figures (:func:`region_local_figures`)
    when every member's records are held for the year. None when no member's records are held, or none gives a
    local figure for the year."""
    from csc_workforce.measures.catalogue import RATE_UNITS
    from csc_workforce.measures.strategy_catalogue import LOCAL_MEASURES
    from csc_workforce.regional.measures import add_ranks
    from csc_workforce.store.services.strategies import HeldValues

    held = dict(m.Council.objects.filter(la_code__in=members).values_list("la_code", "name"))
    if not held:
        return None
    values = HeldValues(withhold=withhold)
    rows: list[dict[str, Any]] = []
    for code in sorted(held):
        row: dict[str, Any] = {"la_code": f"{held[code]} ({code})"}
        for measure in LOCAL_MEASURES:
            series = values.series(measure.id, code) or []
            row[measure.id] = next((v for y, v in series if y == year), None)
        rows.append(row)
    shown = [measure for measure in LOCAL_MEASURES if any(r[measure.id] is not None for r in rows)]
    if not shown:
        return None
    comparable = [measure for measure in shown if measure.unit in RATE_UNITS]
    ranked = add_ranks(rows, comparable) if len(rows) == len(members) else False
    columns = [Column("la_code", "Council")]
    for measure in shown:
        unit = " (%)" if measure.unit == "percent" else ""
        columns.append(Column(measure.id, measure.title + unit, numeric=True, decimals=measure.decimals))
        if ranked and measure in comparable and measure.higher_is_better is not None:
            columns.append(Column(f"{measure.id}_rank", f"{measure.title}: rank", numeric=True, decimals=0))
    absent = sorted(set(members) - set(held))
    notes = [
        "Each member's local measures as its own pages give them (docs/strategy-measures.md), as at 30 September "
        f"{year} over the 12 months to it, from its records held in this installation; a dash is a measure its "
        "records cannot give for the year (or, for a viewer, a small number withheld). A rank is among the "
        "members, 1 the best, equal figures sharing a rank.",
    ]
    region = region_local_figures(members, year=year, withhold=withhold, name=name) if not absent else None
    if region is None:
        notes.append(
            "No region row: the region's figures need every member's records held here for the year"
            + (f" ({', '.join(absent)} not held)." if absent else ".")
        )
    else:
        titles = {mm.id: mm.title for mm in shown}
        why = {k: v for k, v in region.why.items() if k in titles}
        figures = {mm.id: region.values.get(mm.id) for mm in shown}
        if withhold:  # complementary: the region less the members shown would give a withheld member's back
            for key, value in figures.items():
                if value is not None and any(r[key] is None for r in rows):
                    figures[key] = None
                    why[key] = "withheld: a member's figure is withheld, and the region's would give it back"
        rows.append({"la_code": "The region (the members together)"} | figures)
        notes.append(
            "The region's figures are worked out from the members' records taken together (each measure's parts "
            "summed over them, never an average of the members' figures; a person who worked for two members counts "
            "in each, as in each member's own figures); a dash where any member's records cannot give the measure "
            "for the year, or the members do not share what it is judged by"
            + (": " + "; ".join(f"{titles[k]}: {v}" for k, v in sorted(why.items())) if why else "")
            + "."
        )
    if absent:
        notes.append(f"Not held here, so not shown (and no ranks): {', '.join(absent)}.")
    return Table.from_dicts(f"Local measures for census year {year}, members side by side", columns, rows, notes)


@dataclass(frozen=True)
class RegionFigures:
    """The region's local measures (``values``: id -> unrounded figure or None) and why a figure that every
    member gives has none for the region (``why``: id -> reason in words; a measure a member cannot give is
    simply None)."""

    values: dict[str, Any]
    why: dict[str, str]


REGION_KEY = "region"  # the pooled region's code in its frames (``measures.inputs.pool``)


def region_local_figures(
    members: Sequence[str], *, year: int, withhold: bool, name: str = "the region"
) -> RegionFigures | None:
    """The local measures of the members taken together as at 30 September ``year`` over the 12 months to it:
    their records pooled into one council (``measures.inputs.pool``: each measure's parts summed over every
    member's records), withheld as a council's figures are (``services.strategies.local_figures``: records that
    do not cover the dates, for any member; small numbers for ``withhold``). A figure is None where any member's
    own records cannot give it; ``measures.local.SETTINGS_MEASURES`` where the members do not share the settings it
    is judged by; ``measures.local.NOT_POOLED`` always; ``measures.local.MEMBERS_SUMMED`` is the sum of the
    members' own figures. None unless every member's records are held and reach the year."""
    from csc_workforce.domain.periods import census_period, census_reference_date
    from csc_workforce.measures.inputs import pool
    from csc_workforce.measures.local import MEMBERS_SUMMED, NOT_POOLED, local_measures, pooled_gaps
    from csc_workforce.store.selectors import council_frames
    from csc_workforce.store.services.coverage import coverage_for
    from csc_workforce.store.services.overview import reported_years
    from csc_workforce.store.services.strategies import local_figures

    councils = list(m.Council.objects.filter(la_code__in=members).order_by("la_code"))
    if len(councils) != len(set(members)) or any(year not in reported_years(c) for c in councils):
        return None
    as_at, period = census_reference_date(year), census_period(year)
    coverage = coverage_for(la_codes=[c.la_code for c in councils])
    if any(each.refusal(as_at, period) is not None for each in coverage.values()):
        return None
    inputs = council_frames(la_codes=[c.la_code for c in councils])
    each = local_measures(inputs, as_at=as_at, period=period)
    given: dict[str, list[Any]] = {}
    for row in each.iter_rows(named=True):
        uncovered = coverage[row["la_code"]].withheld_development(as_at, period)
        for measure, value in row.items():
            if measure != "la_code":
                given.setdefault(measure, []).append(None if measure in uncovered else value)
    pooled = pool(inputs, la_code=REGION_KEY, name=name)
    values = local_figures(
        pooled.frames, list(coverage.values()), REGION_KEY, as_at=as_at, period=period, withhold=withhold
    )
    why = {**pooled_gaps(pooled), **NOT_POOLED}
    for measure, figures in given.items():
        if any(v is None for v in figures):
            values[measure] = None  # a member's records cannot give it: the region's would leave that member out
            why.pop(measure, None)
        elif measure in why:
            values[measure] = None
        elif measure in MEMBERS_SUMMED and values.get(measure) is not None:
            values[measure] = sum(figures)
    return RegionFigures(values, why)
