"""Reads for measures: a council's frames (``measures.inputs.CouncilFrames``) straight from SQL (fast for many
councils)."""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import polars as pl
from django.db import connection, models

from csc_workforce.measures.inputs import (
    ABSENCES_SCHEMA,
    AGENCY_CAPS_SCHEMA,
    AGENCY_COSTS_SCHEMA,
    AGENCY_PLACEMENTS_SCHEMA,
    ALLOCATIONS_SCHEMA,
    APPLICATIONS_SCHEMA,
    ASSIGNMENTS_SCHEMA,
    AUDIT_ELEMENTS_SCHEMA,
    AUDITS_SCHEMA,
    CAMPAIGNS_SCHEMA,
    CASELOADS_SCHEMA,
    COST_ASSUMPTIONS_SCHEMA,
    COUNCILS_SCHEMA,
    COURSES_SCHEMA,
    DATED_FRAMES,
    ENGAGEMENTS_SCHEMA,
    FIGURES_SCHEMA,
    GRADES_SCHEMA,
    HR_CASES_SCHEMA,
    INDICATORS_SCHEMA,
    INTERVIEWS_SCHEMA,
    PAY_SCHEMA,
    PEOPLE_SCHEMA,
    PLACEMENT_INCOME_SCHEMA,
    PLACEMENTS_SCHEMA,
    POSTS_SCHEMA,
    PROGRAMMES_SCHEMA,
    REVIEWS_SCHEMA,
    SUPERVISION_POLICY_SCHEMA,
    SUPERVISION_SCHEMA,
    SURVEY_ANSWERS_SCHEMA,
    SURVEY_WAVES_SCHEMA,
    TEAMS_SCHEMA,
    TRAINING_SCHEMA,
    CouncilFrames,
    title_key,
)
from csc_workforce.store import models as m


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _frame(sql: str, params: Sequence[Any], columns: Mapping[str, pl.DataType]) -> Future[pl.DataFrame]:
    """The rows of ``sql`` (``SELECT expression, ... FROM ...``, an expression for each column of ``columns`` in
    order, an ``ORDER BY`` at the end if any) as a frame, read a column at a time: the database gathers each
    column's values into one JSON array (SQLite's ``json_group_array``, PostgreSQL's ``json_agg``, both in the
    order the rows come, the same for every column of the query) and Polars decodes it, so no Python object is
    made for a row or a value (reading rows made about 10 million, most of the time of reading the national set).
    The query's tables, joins and filter are unchanged, so the rows come in the order a plain ``SELECT`` gives.
    Decimals are read as ``_rows_frame`` reads them (to six places, as stored, then floats)."""
    select, tail, order = _select_parts(sql)
    if len(select) != len(columns):
        raise ValueError(f"{len(select)} expressions selected for {len(columns)} columns: {sql}")
    postgresql = connection.vendor == "postgresql"
    gather = "json_agg({})::text" if postgresql else "json_group_array({})"
    if order:  # the rows sorted first, then gathered in that order
        inner = ", ".join(f"{expression} AS c{n}" for n, expression in enumerate(select))
        arrays = ", ".join(gather.format(f"q.c{n}") for n in range(len(select)))
        query = f"SELECT count(*), {arrays} FROM (SELECT {inner} {tail} ORDER BY {order}) q"
    else:
        query = f"SELECT count(*), {', '.join(gather.format(expression) for expression in select)} {tail}"
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        count, *arrays = cursor.fetchone()
    # decoded in another thread while the next query runs (both let go of Python's lock while they work)
    return _decoding().submit(_decode, arrays, count, columns, sqlite=not postgresql, sql=sql)


_DECODER: list[ThreadPoolExecutor] = []


def _decoding() -> ThreadPoolExecutor:
    if not _DECODER:
        _DECODER.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="frames"))
    return _DECODER[0]


def _decode(
    arrays: Sequence[str | None], count: int, columns: Mapping[str, pl.DataType], *, sqlite: bool, sql: str
) -> pl.DataFrame:
    """One query's JSON arrays (see ``_frame``) as a frame of ``columns``."""
    if not count:
        return pl.DataFrame(schema=dict(columns))
    decoded = []
    for name, dtype in columns.items():
        if dtype == pl.Float64():
            read: pl.DataType = pl.Float64()  # JSON numbers; rounded to six places as _rows_frame does, below
        elif dtype == pl.Boolean() and sqlite:
            read = pl.Int64()  # SQLite's booleans are 0 and 1
        elif dtype == pl.Date():
            read = pl.String()  # ISO dates, parsed below (twice as fast as decoding them as dates)
        else:
            read = dtype
        values = pl.col(name).str.json_decode(pl.List(read)).explode()
        if dtype == pl.Float64():
            values = values.cast(pl.Decimal(24, 6)).cast(pl.Float64())
        elif dtype == pl.Date():
            values = values.str.to_date("%Y-%m-%d")
        decoded.append(values.cast(dtype))
    texts = pl.DataFrame([pl.Series(name, [text], pl.String()) for name, text in zip(columns, arrays, strict=True)])
    frame = texts.select(decoded)  # the columns decoded side by side
    if frame.height != count:
        raise AssertionError(f"{frame.height} values read for {count} rows: {sql}")
    return frame


def _select_parts(sql: str) -> tuple[list[str], str, str]:
    """``SELECT a, b FROM t ... ORDER BY x`` as ``(["a", "b"], "FROM t ...", "x")``: the expressions split at the
    commas outside brackets and quotes, the rest from the first ``FROM`` outside them, and the ``ORDER BY``."""
    if not sql.startswith("SELECT "):
        raise ValueError(f"not a SELECT: {sql}")
    depth, quoted, start, select = 0, False, len("SELECT "), []
    for n, char in enumerate(sql):
        if n < start:
            continue
        if char == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char == ",":
            select.append(sql[start:n].strip())
            start = n + 1
        elif depth == 0 and sql.startswith(" FROM ", n):
            select.append(sql[start:n].strip())
            tail = sql[n + 1 :]
            head, by, order = tail.rpartition(" ORDER BY ")
            return select, (head if by and ")" not in order else tail), (order if by and ")" not in order else "")
    raise ValueError(f"no FROM in {sql}")


def _rows_frame(rows: Sequence[tuple[Any, ...]], columns: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """Rows read one by one (for the few small frames made in Python from their rows) as a frame. Both backends
    return dates as ``date`` and decimals as ``Decimal`` (SQLite: a float or an int)."""
    # wide enough for every decimal stored (models.AMOUNT: 10 digits before the point)
    decimal_free = {n: (pl.Decimal(24, 6) if t == pl.Float64() else t) for n, t in columns.items()}
    frame = pl.DataFrame(rows, schema=decimal_free, orient="row", strict=False)
    target: dict[Any, pl.DataType] = dict(columns)
    return frame.cast(target)


def _council_filter(la_codes: Sequence[str] | None, alias: str = "c") -> tuple[str, list[object]]:
    if not la_codes:
        return "", []
    return f" WHERE {alias}.la_code IN ({', '.join(['%s'] * len(la_codes))})", list(la_codes)


def council_frames(*, la_codes: Sequence[str] | None = None, frames: Collection[str] | None = None) -> CouncilFrames:
    """The frames of the given councils (every council when None), one query per frame. ``frames`` names the
    dated frames to load (``measures.inputs.DATED_FRAMES``; None: every one); the others are left empty, for
    callers that read none or few of them (DfE's measures and the council page's profile read none; each page of
    figures from dated records the few its parts read), which then need not load tens of thousands of
    supervision sessions or case allocations. The workforce frames are always loaded.

    Frames read are kept in this process for the records version (``records.data_version``) and read again when
    it changes (see ``_kept``); the councils' names and regions are read every time (a rename is not a change of
    the records)."""
    names = frozenset(DATED_FRAMES if frames is None else frames)
    unknown = sorted(names - frozenset(DATED_FRAMES))
    if unknown:
        raise ValueError(f"no dated frame {', '.join(unknown)}; the dated frames are {', '.join(DATED_FRAMES)}")
    where, params = _council_filter(la_codes)
    queries = {**_workforce_frames(where, params), **_dated_frames(where, params)}
    wanted = [*WORKFORCE_FRAMES, *(name for name in DATED_FRAMES if name in names)]
    kept, version = _kept(la_codes)
    missing = [name for name in wanted if name != "councils" and name not in kept]
    if missing and version is not None:
        kept.update(_stored(version, la_codes, missing))
    pending = {name: queries[name]() for name in wanted if name == "councils" or name not in kept}
    read = {name: frame if isinstance(frame, pl.DataFrame) else frame.result() for name, frame in pending.items()}
    fresh = {name: frame for name, frame in read.items() if name != "councils"}
    kept.update(fresh)
    if fresh and version is not None:
        _store(version, la_codes, fresh)
    return CouncilFrames.of(**{name: read[name] if name in read else kept[name] for name in wanted})


MAX_KEPT = 16
"""How many sets of councils' frames a process keeps (the oldest set goes first)."""
_KEPT: dict[tuple[str, tuple[str, ...] | None], dict[str, pl.DataFrame]] = {}
_KEPT_LOCK = threading.Lock()


def _kept(la_codes: Sequence[str] | None) -> tuple[dict[str, pl.DataFrame], str | None]:
    """The frames of these councils this process has read for the current records version (``data_version``,
    which every write of records changes), to read from and add to, and that version (with the frames' layout,
    :data:`LAYOUT`) for the frames kept in the database (:func:`_stored`). Inside a transaction a new, empty one,
    never kept, and no version: the transaction may have written records the version does not count yet.

    The version's frames are filed under a token kept with it in Django's cache, so emptying the cache (as each
    test does) or its expiry forgets them too; frames of another version are dropped when the version changes.
    Each process keeps its own in memory (two servers against one database each read the version); what every
    process shares is kept in the database (:func:`_store`), never in a file of its own."""
    if connection.in_atomic_block:
        return {}, None
    from django.core.cache import cache

    from csc_workforce.store.services.records import data_version

    version = data_version()
    token = cache.get_or_set(
        f"council-frames:{connection.alias}:{version}", lambda: secrets.token_hex(16), timeout=24 * 3600
    )
    key = (str(token), None if la_codes is None else tuple(la_codes))
    with _KEPT_LOCK:
        for stale in [k for k in _KEPT if k[0] != key[0]]:
            del _KEPT[stale]
        if key not in _KEPT:
            while len(_KEPT) >= MAX_KEPT:
                del _KEPT[next(iter(_KEPT))]
            _KEPT[key] = {}
        return _KEPT[key], f"{version}:{LAYOUT}"


def _layout() -> str:
    """What the frames kept in the database are made by: the package's version, every frame's schema and this
    module's own text (its queries), so a release that reads the records differently never reads a frame an older
    one kept (and every migration deletes them: ``apps.StoreConfig``)."""
    from pathlib import Path

    from csc_workforce import __version__
    from csc_workforce.measures.inputs import SCHEMAS

    try:
        queries = Path(__file__).read_text(encoding="utf-8")
    except OSError:  # installed without its sources: the package's version alone says which release
        queries = ""
    described = repr([(name, list(schema.items())) for name, schema in SCHEMAS.items()]) + queries
    return f"{__version__}:{hashlib.sha256(described.encode()).hexdigest()[:16]}"


LAYOUT = _layout()


def _councils_key(la_codes: Sequence[str] | None) -> str:
    return "*" if la_codes is None else hashlib.sha256(",".join(la_codes).encode()).hexdigest()


def _stored(version: str, la_codes: Sequence[str] | None, names: Sequence[str]) -> dict[str, pl.DataFrame]:
    """The frames named kept in the database (``models.KeptFrame``) for this version and these councils: one
    query, each frame read back from Arrow IPC (a few hundred milliseconds for every council's, against
    seconds to read them from the records). A frame that cannot be read back is read from the records."""
    rows = m.KeptFrame.objects.filter(version=version, councils=_councils_key(la_codes), frame__in=names)
    found: dict[str, pl.DataFrame] = {}
    for name, data in rows.values_list("frame", "data"):
        try:
            found[name] = pl.read_ipc(io.BytesIO(bytes(data)))
        except Exception:  # noqa: BLE001 - a damaged copy is only a copy: the records are read instead
            continue
    return found


def _store(version: str, la_codes: Sequence[str] | None, frames: Mapping[str, pl.DataFrame]) -> None:
    """Keep ``frames`` in the database for this version and these councils (and drop those of other versions),
    for every process to read back (:func:`_stored`). Only if the database can take the write at once: a reader
    never waits for an import's lock to keep a copy (SQLite: no busy wait; PostgreSQL: a lock timeout of 0.1 s),
    and any failure leaves things as they were (the frames are read from the records next time)."""
    from django.db import DatabaseError, transaction

    councils = _councils_key(la_codes)
    rows = []
    for name, frame in frames.items():
        buffer = io.BytesIO()
        frame.write_ipc(buffer, compression="zstd")
        rows.append(m.KeptFrame(version=version, councils=councils, frame=name, data=buffer.getvalue()))
    sqlite = connection.vendor == "sqlite"
    try:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout")
                waited = cursor.fetchone()[0]
                cursor.execute("PRAGMA busy_timeout = 0")
        try:
            with transaction.atomic():
                if not sqlite:
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL lock_timeout = '100ms'")
                m.KeptFrame.objects.exclude(version=version).delete()
                m.KeptFrame.objects.bulk_create(rows, ignore_conflicts=True)
        finally:
            if sqlite:
                with connection.cursor() as cursor:
                    cursor.execute(f"PRAGMA busy_timeout = {int(waited)}")
    except DatabaseError:
        return


WORKFORCE_FRAMES = (
    "councils",
    "people",
    "engagements",
    "assignments",
    "absences",
    "caseloads",
    "figures",
    "teams",
    "posts",
    "pay",
    "cost_assumptions",
)
"""The frames every caller gets (the others are ``measures.inputs.DATED_FRAMES``)."""


def _workforce_frames(where: str, params: Sequence[Any]) -> dict[str, Callable[[], Future[pl.DataFrame]]]:
    """The queries of the workforce frames (``WORKFORCE_FRAMES``)."""
    qn = connection.ops.quote_name
    council, person, eng, team = _table(m.Council), _table(m.Person), _table(m.Engagement), _table(m.Team)
    salaries = ", ".join(f"a.salary_{role}" for role in "123456")
    return {
        "councils": lambda: _frame(
            f"SELECT c.la_code, c.name, c.region FROM {council} c{where}", params, COUNCILS_SCHEMA
        ),
        "people": lambda: _frame(
            f"SELECT c.la_code, p.key, p.birth_date, p.sex, p.ethnicity, p.step_up_grad, p.frontline_grad "
            f"FROM {person} p JOIN {council} c ON c.id = p.council_id{where}",
            params,
            PEOPLE_SCHEMA,
        ),
        "engagements": lambda: _frame(
            f"SELECT c.la_code, p.key, e.key, e.contract = 'agency', e.start_date, e.end_date, e.start_origin, "
            f"e.reason_leave, e.destination FROM {eng} e JOIN {council} c ON c.id = e.council_id "
            f"JOIN {person} p ON p.id = e.person_id{where}",
            params,
            ENGAGEMENTS_SCHEMA,
        ),
        "assignments": lambda: _frame(
            f"SELECT c.la_code, e.key, a.effective_from, a.effective_to, a.fte, a.role, a.fte30, t.key, a.job_title, "
            f"a.cfkss_status FROM {_table(m.Assignment)} a JOIN {eng} e ON e.id = a.engagement_id "
            f"JOIN {council} c ON c.id = a.council_id LEFT JOIN {team} t ON t.id = a.team_id{where}",
            params,
            ASSIGNMENTS_SCHEMA,
        ),
        "absences": lambda: _frame(
            f"SELECT c.la_code, e.key, a.start, a.{qn('end')}, a.reason, a.working_days_lost, a.cause, a.year_total "
            f"FROM {_table(m.Absence)} a JOIN {eng} e ON e.id = a.engagement_id "
            f"JOIN {council} c ON c.id = a.council_id{where}",
            params,
            ABSENCES_SCHEMA,
        ),
        "caseloads": lambda: _frame(
            f"SELECT c.la_code, e.key, s.{qn('on')}, s.cases FROM {_table(m.CaseloadSnapshot)} s "
            f"JOIN {eng} e ON e.id = s.engagement_id JOIN {council} c ON c.id = s.council_id{where}",
            params,
            CASELOADS_SCHEMA,
        ),
        "figures": lambda: _frame(
            f"SELECT c.la_code, f.{qn('on')}, f.vacancies_fte, f.agency_cover_fte "
            f"FROM {_table(m.CouncilFigures)} f JOIN {council} c ON c.id = f.council_id{where}",
            params,
            FIGURES_SCHEMA,
        ),
        "teams": lambda: _frame(
            f"SELECT c.la_code, t.key, t.name, t.service_area FROM {team} t "
            f"JOIN {council} c ON c.id = t.council_id{where}",
            params,
            TEAMS_SCHEMA,
        ),
        "posts": lambda: _frame(
            f"SELECT c.la_code, t.key, p.role, p.funded_fte, p.effective_from, p.effective_to FROM {_table(m.Post)} p "
            f"JOIN {team} t ON t.id = p.team_id JOIN {council} c ON c.id = p.council_id{where}",
            params,
            POSTS_SCHEMA,
        ),
        "pay": lambda: _frame(
            f"SELECT c.la_code, e.key, p.year, p.base_salary FROM {_table(m.Pay)} p "
            f"JOIN {eng} e ON e.id = p.engagement_id JOIN {council} c ON c.id = p.council_id{where}",
            params,
            PAY_SCHEMA,
        ),
        "cost_assumptions": lambda: _frame(
            f"SELECT c.la_code, a.on_costs_pct, a.weekly_hours, a.onboarding_weeks, a.onboarding_productivity_pct, "
            f"{salaries} FROM {_table(m.CostAssumptions)} a JOIN {council} c ON c.la_code = a.la_code{where}",
            params,
            COST_ASSUMPTIONS_SCHEMA,
        ),
    }


def _dated_frames(where: str, params: Sequence[Any]) -> dict[str, Callable[[], pl.DataFrame | Future[pl.DataFrame]]]:
    """The queries of the dated frames (``measures.inputs.DATED_FRAMES``), as ``frames_from_records`` builds
    them."""
    qn = connection.ops.quote_name
    council, person, eng, team = _table(m.Council), _table(m.Person), _table(m.Engagement), _table(m.Team)
    on, end, group = qn("on"), qn("end"), qn("group")
    queries: dict[str, Callable[[], pl.DataFrame | Future[pl.DataFrame]]] = {
        "supervision": lambda: _frame(
            f"SELECT c.la_code, e.key, s.{on}, s.kind, s.recorded_late FROM {_table(m.SupervisionSession)} s "
            f"JOIN {eng} e ON e.id = s.engagement_id JOIN {council} c ON c.id = s.council_id{where}",
            params,
            SUPERVISION_SCHEMA,
        ),
        "supervision_policy": lambda: _frame(
            f"SELECT c.la_code, s.{group}, s.from_month, s.to_month, s.interval_weeks, s.interval_months, "
            f"s.grace_days, s.effective_from FROM {_table(m.SupervisionStandard)} s "
            f"JOIN {council} c ON c.id = s.council_id{where}",
            params,
            SUPERVISION_POLICY_SCHEMA,
        ),
        "reviews": lambda: _frame(
            f"SELECT c.la_code, e.key, v.cycle, v.due, v.completed, v.rating, v.successful, v.objectives_set "
            f"FROM {_table(m.PerformanceReview)} v JOIN {eng} e ON e.id = v.engagement_id "
            f"JOIN {council} c ON c.id = v.council_id{where}",
            params,
            REVIEWS_SCHEMA,
        ),
        "courses": lambda: _frame(
            f"SELECT c.la_code, k.key, k.title, k.mandatory, k.validity_months, k.post_qualifying, "
            f"k.practice_educator FROM {_table(m.Course)} k JOIN {council} c ON c.id = k.council_id{where}",
            params,
            COURSES_SCHEMA,
        ),
        "training": lambda: _frame(
            f"SELECT c.la_code, p.key, k.key, t.status, t.booked_on, t.{on}, t.completed_on "
            f"FROM {_table(m.TrainingRecord)} t JOIN {person} p ON p.id = t.person_id "
            f"JOIN {_table(m.Course)} k ON k.id = t.course_id JOIN {council} c ON c.id = t.council_id{where}",
            params,
            TRAINING_SCHEMA,
        ),
        "programmes": lambda: _frame(
            f"SELECT c.la_code, s.key, p.key, e.key, s.programme, s.start, s.{end}, s.outcome, s.midpoint_review, "
            f"s.final_review, s.protected_caseload, s.protected_time_pct FROM {_table(m.ProgrammeSpell)} s "
            f"JOIN {person} p ON p.id = s.person_id LEFT JOIN {eng} e ON e.id = s.engagement_id "
            f"JOIN {council} c ON c.id = s.council_id{where}",
            params,
            PROGRAMMES_SCHEMA,
        ),
        "grades": lambda: _grades(where, params),
        "placements": lambda: _frame(
            f"SELECT c.la_code, s.key, s.student_ref, s.start, s.{end}, s.year_of_study, t.key, s.outcome, "
            f"s.eligible_for_nqsw, s.applied, s.interviewed, s.offered, s.appointed, p.key "
            f"FROM {_table(m.StudentPlacement)} s LEFT JOIN {team} t ON t.id = s.team_id "
            f"LEFT JOIN {person} p ON p.id = s.person_id JOIN {council} c ON c.id = s.council_id{where}",
            params,
            PLACEMENTS_SCHEMA,
        ),
        "placement_income": lambda: _frame(
            f"SELECT c.la_code, i.financial_year, i.amount FROM {_table(m.PlacementIncome)} i "
            f"JOIN {council} c ON c.id = i.council_id{where}",
            params,
            PLACEMENT_INCOME_SCHEMA,
        ),
        "audits": lambda: _frame(
            f"SELECT c.la_code, a.key, a.{on}, a.grade, t.key FROM {_table(m.CaseAudit)} a "
            f"LEFT JOIN {team} t ON t.id = a.team_id JOIN {council} c ON c.id = a.council_id{where}",
            params,
            AUDITS_SCHEMA,
        ),
        "indicators": lambda: _frame(
            f"SELECT c.la_code, i.indicator, i.month, i.numerator, i.denominator FROM {_table(m.IndicatorMonth)} i "
            f"JOIN {council} c ON c.id = i.council_id{where}",
            params,
            INDICATORS_SCHEMA,
        ),
        "hr_cases": lambda: _frame(
            f"SELECT c.la_code, h.key, h.kind, h.opened, h.closed FROM {_table(m.HRCase)} h "
            f"JOIN {council} c ON c.id = h.council_id{where}",
            params,
            HR_CASES_SCHEMA,
        ),
        "audit_elements": lambda: _frame(
            f"SELECT c.la_code, a.key, x.element, x.grade FROM {_table(m.CaseAuditElement)} x "
            f"JOIN {_table(m.CaseAudit)} a ON a.id = x.audit_id JOIN {council} c ON c.id = x.council_id{where}",
            params,
            AUDIT_ELEMENTS_SCHEMA,
        ),
        "allocations": lambda: _frame(
            f"SELECT c.la_code, a.key, a.child_ref, e.key, a.start, a.{end} FROM {_table(m.CaseAllocation)} a "
            f"JOIN {eng} e ON e.id = a.engagement_id JOIN {council} c ON c.id = a.council_id{where}",
            params,
            ALLOCATIONS_SCHEMA,
        ),
        "interviews": lambda: _frame(
            f"SELECT c.la_code, i.key, e.key, i.kind, i.{on}, i.themes FROM {_table(m.StaffInterview)} i "
            f"JOIN {eng} e ON e.id = i.engagement_id JOIN {council} c ON c.id = i.council_id{where}",
            params,
            INTERVIEWS_SCHEMA,
        ),
        "survey_waves": lambda: _frame(
            f"SELECT c.la_code, w.key, w.{on}, w.instrument, w.invited, w.responses FROM {_table(m.SurveyWave)} w "
            f"JOIN {council} c ON c.id = w.council_id{where} ORDER BY c.la_code, w.key",
            params,
            SURVEY_WAVES_SCHEMA,
        ),
        "survey_answers": lambda: _frame(
            f"SELECT c.la_code, w.key, a.question, a.question_text, a.option, a.{qn('count')} "
            f"FROM {_table(m.SurveyAnswer)} a JOIN {_table(m.SurveyWave)} w ON w.id = a.wave_id "
            f"JOIN {council} c ON c.id = a.council_id{where} ORDER BY c.la_code, w.key, a.question, a.option",
            params,
            SURVEY_ANSWERS_SCHEMA,
        ),
        "agency_placements": lambda: _frame(
            f"SELECT c.la_code, a.key, e.key, a.start, a.{end}, a.supplier, a.role, a.grade, t.key, a.funded_post, "
            f"a.pay_rate, a.charge_rate, a.pqe_years, a.{qn('references')}, a.rule, a.converted_on, k.key "
            f"FROM {_table(m.AgencyPlacement)} a JOIN {eng} e ON e.id = a.engagement_id "
            f"LEFT JOIN {team} t ON t.id = a.team_id LEFT JOIN {eng} k ON k.id = a.permanent_engagement_id "
            f"JOIN {council} c ON c.id = a.council_id{where}",
            params,
            AGENCY_PLACEMENTS_SCHEMA,
        ),
        "agency_costs": lambda: _frame(
            f"SELECT c.la_code, a.key, s.month, s.hours, s.spend FROM {_table(m.AgencyCost)} s "
            f"JOIN {_table(m.AgencyPlacement)} a ON a.id = s.placement_id JOIN {council} c ON c.id = s.council_id"
            f"{where}",
            params,
            AGENCY_COSTS_SCHEMA,
        ),
        "agency_caps": lambda: _frame(
            f"SELECT c.la_code, p.region, p.role, p.grade, p.basis, p.rate, p.effective_from, p.effective_to "
            f"FROM {_table(m.AgencyCap)} p JOIN {council} c ON c.id = p.council_id{where}",
            params,
            AGENCY_CAPS_SCHEMA,
        ),
        "campaigns": lambda: _frame(
            f"SELECT c.la_code, k.key, k.opened, k.closed, NULLIF(k.role, ''), t.key, k.cost, "
            f"NULLIF(k.cost_type, '') FROM {_table(m.RecruitmentCampaign)} k LEFT JOIN {team} t ON t.id = k.team_id "
            f"JOIN {council} c ON c.id = k.council_id{where}",
            params,
            CAMPAIGNS_SCHEMA,
        ),
        "applications": lambda: _rows_frame(
            [
                (*row[:-1], ";".join(_json_list(row[-1])) or None)
                for row in _rows(
                    f"SELECT c.la_code, a.key, a.campaign_key, a.applied, NULLIF(a.channel, ''), NULLIF(a.route, ''), "
                    f"a.shortlisted, a.interviewed, a.offered, a.accepted, a.dbs_cleared, a.references_complete, "
                    f"a.started, NULLIF(a.outcome, ''), NULLIF(a.outcome_stage, ''), a.outcome_on, e.key, a.reasons "
                    f"FROM {_table(m.JobApplication)} a LEFT JOIN {eng} e ON e.id = a.engagement_id "
                    f"JOIN {council} c ON c.id = a.council_id{where}",
                    params,
                )
            ],
            APPLICATIONS_SCHEMA,
        ),
    }
    return queries


def _grades(where: str, params: Sequence[Any]) -> pl.DataFrame:
    """The grade scale, one row per job title that means a grade (its name included), each title once."""
    council = _table(m.Council)
    rows = [
        (la, name, rank, title, key)
        for la, name, rank, titles in _rows(
            f"SELECT c.la_code, g.name, g.rank, g.titles FROM {_table(m.Grade)} g "
            f"JOIN {council} c ON c.id = g.council_id{where}",
            params,
        )
        for key, title in {title_key(t): t for t in (*_json_list(titles), name)}.items()
    ]
    return _rows_frame(rows, GRADES_SCHEMA)


def _json_list(value: Any) -> list[str]:
    """A JSON list column: SQLite returns its text, PostgreSQL the list itself."""
    return list(json.loads(value) if isinstance(value, str) else value or [])
