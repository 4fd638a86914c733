"""Reconciliation: each census year's figures *as returned* compared with the figures *from records*, with every
difference explained by the differences between the council's returns.

DfE publishes each census year from that year's return alone ("as returned"). The records are one timeline
built from every return (:func:`~csc_workforce.census.csww.records.records_from_returns`: the latest return
wins), with uploads laid over it ("from records"). The two differ at a census date when the returns disagree;
``census.csww.across_returns`` finds each disagreement (``CSWW-REC-001`` to ``CSWW-REC-003``, ``CSWW-CONT-001``)
with what it changes. :func:`reconcile` gives, for each census year held, every measure both ways with a
sentence that explains any difference from the findings. The measures are inputs (rows keyed by DfE measure
name, computed by the caller), so this module needs no measures code.

What a finding changes by amounts no return reports (a missing worker's cases on 30 September and days lost in
the year, :class:`~csc_workforce.census.csww.across_returns.Unreported`) is measured in the records by the
caller too: :func:`unreported_posts` says which posts in which years, and ``reconcile(..., unreported=...)``
takes each post's own figures. A post's part of a council's cases, case-holding FTE and days lost is its own
figure (they are sums over posts), so the explanation stays exact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from csc_workforce.census.csww.across_returns import Change, Finding, Unreported, import_issues, reconcile_findings
from csc_workforce.census.csww.model import CensusReturn
from csc_workforce.domain.issues import Issue
from csc_workforce.domain.rounding import round_half_up
from csc_workforce.measures.catalogue import Measure, Unit

__all__ = [
    "Change",
    "Finding",
    "MeasureDifference",
    "Reconciliation",
    "Unreported",
    "compare_year",
    "import_issues",
    "reconcile",
    "reconcile_findings",
    "unreported_posts",
]

TOLERANCE = 1e-6

Value = float | int | None
PostFigures = Mapping[tuple[int, str], Mapping[str, Value]]  # (year, post) -> the post's own measures


# What an amount of a measure is called in an explanation ("2.0 FTE", "39 cases"); a count of workers has no
# word (the explanation's "n workers" gives it) and neither has a rate.
UNIT_WORDS = {Unit.FTE: "FTE", Unit.CASES: "cases", Unit.DAYS: "days"}


def _components(measure: Measure) -> tuple[str, ...]:
    """A rate's parts (its difference follows from theirs); none for a count."""
    return measure.rate.components if measure.rate else ()


def _unit_words(measure: Measure) -> str:
    return UNIT_WORDS.get(measure.unit, "")


@dataclass(frozen=True, slots=True)
class MeasureDifference:
    """One measure for one census year: as returned, from records, and the explanation of any difference."""

    year: int
    measure: str
    title: str
    as_returned: Value
    from_records: Value
    explained: bool  # the findings account for the whole difference (True when there is none)
    because: str = ""  # why they differ, from the findings ("" when they do not)
    explained_amount: float | None = None  # counts and FTE: the difference the findings account for
    decimals: int = 1  # as DfE publishes the measure
    suffix: str = ""

    @property
    def differs(self) -> bool:
        return _differs(self.as_returned, self.from_records)

    @property
    def difference(self) -> float | None:
        """From records minus as returned (to 6 decimal places: the figures are sums of FTE)."""
        if self.as_returned is None or self.from_records is None:
            return None
        return round(float(self.from_records) - float(self.as_returned), 6)

    @property
    def sentence(self) -> str:
        """ "Social workers in post – headcount, 2023: 288 as returned, 334 from records: 46 workers ..." """
        if not self.because:
            return ""
        return (
            f"{self.title}, {self.year}: {self.as_returned_text} as returned, {self.from_records_text} from records: "
            f"{self.because}."
        )

    @property
    def as_returned_text(self) -> str:
        return _shown(self.as_returned, self.decimals, self.suffix)

    @property
    def from_records_text(self) -> str:
        return _shown(self.from_records, self.decimals, self.suffix)

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "measure": self.measure,
            "title": self.title,
            "as_returned": self.as_returned,
            "from_records": self.from_records,
            "difference": self.difference,
            "explained": self.explained,
            "explained_amount": self.explained_amount,
            "sentence": self.sentence,
        }


@dataclass(frozen=True, slots=True)
class Reconciliation:
    la_code: str
    years: tuple[int, ...]  # the census years whose returns are held
    findings: tuple[Finding, ...]
    differences: tuple[MeasureDifference, ...] = ()  # every measure for every year held
    other_sources: bool = False  # the records also hold uploads or other non-census data

    @property
    def issues(self) -> tuple[Issue, ...]:
        return tuple(f.issue for f in self.findings)

    def differing(self, year: int | None = None) -> tuple[MeasureDifference, ...]:
        return tuple(d for d in self.differences if d.differs and (year is None or d.year == year))

    @property
    def explained(self) -> bool:
        """Every difference between as returned and from records is accounted for by the findings."""
        return all(d.explained for d in self.differences)

    def as_dict(self) -> dict[str, object]:
        return {
            "la_code": self.la_code,
            "years": list(self.years),
            "other_sources": self.other_sources,
            "explained": self.explained,
            "differences": [d.as_dict() for d in self.differences],
            "findings": [f.issue.as_dict() | {"returns": list(f.years)} for f in self.findings],
        }


def reconcile(
    returns: Sequence[CensusReturn],
    *,
    as_returned: Mapping[int, Mapping[str, Value]],
    from_records: Mapping[int, Mapping[str, Value]],
    measures: Sequence[Measure],
    unreported: PostFigures | None = None,
    other_sources: bool = False,
    findings: Sequence[Finding] | None = None,
) -> Reconciliation:
    """The findings, and each census year's measures as returned and from records with the differences
    explained. ``as_returned`` and ``from_records`` hold unrounded measures by year, keyed by measure name;
    ``unreported`` the records' own measures of each post :func:`unreported_posts` names, by (year, post);
    ``findings``: :func:`reconcile_findings` of ``returns`` when the caller has found them already."""
    found = tuple(findings) if findings is not None else reconcile_findings(returns)
    years = tuple(sorted({r.header.collection_year for r in returns}))
    differences = tuple(
        d
        for year in years
        for d in compare_year(
            year,
            found,
            as_returned=as_returned.get(year, {}),
            from_records=from_records.get(year, {}),
            measures=measures,
            unreported=unreported,
            other_sources=other_sources,
        )
    )
    la_code = returns[0].header.la_code if returns else ""
    return Reconciliation(la_code, years, found, differences, other_sources)


def compare_year(
    year: int,
    findings: Sequence[Finding],
    *,
    as_returned: Mapping[str, Value],
    from_records: Mapping[str, Value],
    measures: Sequence[Measure],
    unreported: PostFigures | None = None,
    other_sources: bool = False,
) -> tuple[MeasureDifference, ...]:
    """Every measure for ``year``, as returned and from records, with each difference explained (``unreported``:
    as for :func:`reconcile`; a post it does not give changes nothing, so its part is left unexplained)."""
    changes: dict[str, list[Change]] = defaultdict(list)
    for change in _year_changes(year, findings, unreported or {}):
        changes[change.measure].append(change)
    done: dict[str, MeasureDifference] = {}
    for spec in sorted(measures, key=lambda s: bool(_components(s))):  # rates after their parts
        a, b = as_returned.get(spec.id), from_records.get(spec.id)
        if _components(spec):
            parts = [done[c] for c in dict.fromkeys(_components(spec)) if c in done]
            done[spec.id] = _rate_difference(year, spec, a, b, parts)
        else:
            done[spec.id] = _count_difference(year, spec, a, b, changes.get(spec.id, []), other_sources)
    return tuple(done[spec.id] for spec in measures)


def unreported_posts(findings: Sequence[Finding]) -> dict[int, frozenset[str]]:
    """The posts (engagement keys) whose own figures in the records :func:`reconcile` needs, by census year."""
    posts: dict[int, set[str]] = defaultdict(set)
    for finding in findings:
        for part in finding.unreported:
            posts[part.year].add(part.post)
    return {year: frozenset(keys) for year, keys in sorted(posts.items())}


def _year_changes(year: int, findings: Sequence[Finding], unreported: PostFigures) -> list[Change]:
    """What the findings change in ``year``: from the returns, and the records' own figures of unreported posts."""
    changes = [c for f in findings for c in f.changes if c.year == year]
    parts: list[Unreported] = [u for f in findings for u in f.unreported if u.year == year]
    for part in parts:
        changes.extend(part.changes(unreported.get((year, part.post), {})))
    return changes


def _count_difference(
    year: int, spec: Measure, a: Value, b: Value, changes: list[Change], other_sources: bool
) -> MeasureDifference:
    explained_amount = _explained(changes) if changes else 0.0
    if not _differs(a, b):
        return MeasureDifference(year, spec.id, spec.title, a, b, True, "", explained_amount, *_format(spec))
    gap = float(b) - float(a) if a is not None and b is not None else None
    explained = gap is not None and abs(gap - explained_amount) < TOLERANCE
    phrases = _phrases(changes, spec)
    if not explained:
        rest = f"{_signed(gap - explained_amount, spec)} " if gap is not None and phrases else ""
        phrases.append(f"{rest}not explained by differences between the census returns{_elsewhere(other_sources)}")
    because = "; ".join(phrases)
    return MeasureDifference(year, spec.id, spec.title, a, b, explained, because, explained_amount, *_format(spec))


def _rate_difference(year: int, spec: Measure, a: Value, b: Value, parts: list[MeasureDifference]) -> MeasureDifference:
    if not _differs(a, b):
        return MeasureDifference(year, spec.id, spec.title, a, b, True, "", None, *_format(spec))
    moved = [p for p in parts if p.differs]
    explained = bool(moved) and all(p.explained for p in moved)
    if moved:
        because = "it follows from the differences in " + " and ".join(_lower(p.title) for p in moved)
    else:
        because = "not explained by differences between the census returns"
    return MeasureDifference(year, spec.id, spec.title, a, b, explained, because, None, *_format(spec))


def _explained(changes: list[Change]) -> float:
    """The difference the changes account for: each thing counted once."""
    once: dict[str, float] = {}
    for change in changes:
        once.setdefault(change.counted, change.amount)
    return sum(once.values())


def _phrases(changes: list[Change], spec: Measure) -> list[str]:
    """One phrase per reason: "2 workers ... missing from the 2023 return (39 cases in the records)"."""
    by_reason: dict[str, dict[str, float]] = defaultdict(dict)
    in_records: set[str] = set()
    for change in changes:
        by_reason[change.reason].setdefault(change.counted, change.amount)
        if change.in_records:
            in_records.add(change.reason)
    phrases = []
    for reason, counted in by_reason.items():
        n = len(counted)
        text = reason.format(n=n, s="" if n == 1 else "s", are="is" if n == 1 else "are")
        if _unit_words(spec):
            where = " in the records" if reason in in_records else ""
            text += f" ({_amount(abs(sum(counted.values())), spec)}{where})"
        phrases.append(text)
    return phrases


def _amount(value: float, spec: Measure) -> str:
    """ "2.0 FTE", "39 cases", "1 case", "16.5 days" """
    text = _number(value, spec.decimals)
    words = _unit_words(spec)
    unit = words[:-1] if text == "1" and words.endswith("s") else words
    return f"{text} {unit}"


def _format(spec: Measure) -> tuple[int, str]:
    return spec.decimals, "%" if spec.unit is Unit.PERCENT else ""


def _shown(value: Value, decimals: int, suffix: str) -> str:
    return "no figure" if value is None else f"{_number(value, decimals)}{suffix}"


def _signed(value: float, spec: Measure) -> str:
    text = _number(abs(value), spec.decimals)
    return f"{'+' if value > 0 else '-'}{text}"


def _number(value: float | int, decimals: int) -> str:
    """Rounded half away from zero, as DfE publishes (the one rounding rule, ``domain.rounding``)."""
    return f"{round_half_up(float(value), decimals):,.{decimals}f}"


def _elsewhere(other_sources: bool) -> str:
    return " (the records also hold uploads or other data, which may account for it)" if other_sources else ""


def _lower(title: str) -> str:
    return title[:1].lower() + title[1:]


def _differs(a: Value, b: Value) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(float(a) - float(b)) > TOLERANCE
