"""The aggregate forecast's development comparison: each candidate set of cross-measure offsets, scored on the
development origins only (DfE's panel cut at 2022, so forecasts of 2019 to 2022 and nothing later), against the
form without them. docs/forecasting.md reports what it prints; the model's form (``aggregate.CROSS``) was chosen
from it before the full panel was scored.

    PYTHONPATH=src .venv/bin/python perf/forecast_development.py [--procedure | --round3 | --round4]

``--round3`` prints round 3's comparison (the rule and the candidates are in ``perf/forecast_development_rule.md``):
each candidate in turn against the model with the candidates kept before it, its measure's development ratios
one and two years ahead (every measure with a target below 1 for a shared change or an interval method), the
development cells (8 measures x 1-2 years x overall and 3 terciles: 64) and the simulated cells
(``tests/forecasting/test_aggregate.py``'s ``simulated_panel``, seeds 1-4 and 7, turnover at 1-3 years: 60)
whose 80% coverage is outside 75-85%, and whether it met the rule.

``--round4`` prints round 4's the same way, from round 3's model as published (every table here is of the model
before round 4's changes, which the module's settings hold since).

``--procedure`` prints instead the comparison of round 2 (``perf/forecast_development_rule.md``, the rule written
before it): how the procedure judges pooling at an origin with no earlier pooled forecast to judge it by (before:
persistence; now: cross-validation on the training pairs), per measure, one and two years ahead, with the
development cells whose 80% coverage is outside 75-85%.

For each measure and candidate: the MAE of the pooled forecasts over persistence's on the same councils at every
origin where a pooled forecast was made (``pooled``), and the ratio of the whole procedure (pooled or
persistence, chosen at each origin, as published; ``procedure``), one and two years ahead (there are no
development forecasts three years ahead: the first, from 2020, is of 2023).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np

import csc_workforce.forecasting.aggregate as agg

DEVELOPMENT_END = 2022
CANDIDATES: dict[str, list[tuple[str, ...]]] = {
    "inpost_fte": [
        (),
        ("vacancy",),
        ("vacancy_rel",),
        ("agency",),
        ("agency_rel",),
        ("net_flow",),
        ("net_flow", "vacancy_rel"),
        ("net_flow", "agency_rel"),
        ("net_flow", "vacancy_rel", "agency_rel"),
        ("net_flow", "inpost_change"),
        ("net_flow", "vacancy_change"),
        ("net_flow", "agency_change"),
        ("net_flow", "vacancy_gap"),
        ("net_flow", "case_holders_change"),
        ("net_flow", "cases_change"),
        ("net_flow", "region_inpost_change"),
    ],
    "starters_fte": [
        (),
        ("replacement",),
        ("leavers_rate",),
        ("vacancy",),
        ("vacancy_rel",),
        ("replacement", "vacancy_rel"),
        ("replacement", "vacancy_rel", "agency_rel"),
        ("replacement", "vacancy_rel", "inpost_change"),
        ("starters_change",),
        ("region_starters_change",),
        ("replacement", "vacancy_rel", "starters_recent"),
        ("replacement", "vacancy_rel", "vacancy_change"),
        ("replacement", "vacancy_rel", "agency_change"),
        ("replacement", "vacancy_rel", "vacancy_gap"),
    ],
    "leavers_fte": [(), ("vacancy_rel",), ("agency_rel",), ("net_flow",), ("net_flow", "agency_rel")],
    "turnover_rate_fte": [(), ("net_flow",)],
    "caseload_fte": [
        (),
        ("cases_change",),
        ("case_holders_change",),
        ("cases_change", "case_holders_change"),
        ("holders_share",),
        ("holders_share_change",),
        ("region_cases_change",),
        ("caseload_recent",),
        ("vacancy_change",),
        ("inpost_change",),
        ("region_inpost_change",),
        ("region_caseload_change",),
        ("inpost_change", "region_inpost_change"),
        ("caseload_change",),
        ("agency_rel",),
    ],
    "absence_rate_fte": [(), ("net_flow",)],
}


def ratios(panel: agg.Panel, measure: str, terms: tuple[str, ...], h: int) -> tuple[float, float]:
    kept, kept_at = agg.CROSS, agg.CROSS_AT
    agg.CROSS, agg.CROSS_AT = {measure: terms}, {}  # the same offsets at every horizon (round 3's are --round3)
    try:
        s = agg._scaled(panel, measure, h)
        t_last = len(panel.years) - 1
        pooled = persistence = 0.0
        for t, made in enumerate(agg._origins(s, t_last - h, h)):
            outcome = s.raw[:, t + h]
            if made.pooled is None:
                continue
            ok = np.isfinite(made.pooled) & np.isfinite(outcome) & np.isfinite(made.persistence)
            pooled += float(np.abs(made.pooled[ok] - outcome[ok]).sum())
            persistence += float(np.abs(made.persistence[ok] - outcome[ok]).sum())
        rows = agg.backtest(panel, measures=[measure], horizons=[h])
        procedure = sum(abs(r.forecast - r.outcome) for r in rows) / sum(abs(r.persistence - r.outcome) for r in rows)
    finally:
        agg.CROSS, agg.CROSS_AT = kept, kept_at
    return pooled / persistence, procedure


PROCEDURES: dict[str, dict[str, object]] = {
    "persistence where no earlier pooled forecast (before)": {"CROSS_VALIDATE": False},
    "cross-validated over councils (5 folds), margin 2%": {
        "CROSS_VALIDATE": True,
        "YEAR_FOLDS": False,
        "VALIDATED_MARGIN": 0.98,
    },
    "cross-validated over years where 2+, else councils, margin 2%": {
        "CROSS_VALIDATE": True,
        "YEAR_FOLDS": True,
        "VALIDATED_MARGIN": 0.98,
    },
    "cross-validated over years where 2+, else councils, margin 5% (kept)": {
        "CROSS_VALIDATE": True,
        "YEAR_FOLDS": True,
        "VALIDATED_MARGIN": 0.95,
    },
}


def procedures(panel: agg.Panel) -> None:
    print("| procedure | " + " | ".join(f"{m} h=1, h=2" for m in agg.MEASURES) + " | cells outside 75-85% |")
    print("|---|" + "---:|" * (len(agg.MEASURES) + 1))
    for label, settings in PROCEDURES.items():
        settings = {**settings, "CROSS_AT": {}}  # round 2's comparison, on round 2's offsets
        kept = {name: getattr(agg, name) for name in settings}
        for name, value in settings.items():
            setattr(agg, name, value)
        try:
            summary = agg.summarise(agg.backtest(panel, horizons=[1, 2]))
        finally:
            for name, value in kept.items():
                setattr(agg, name, value)
        ratio = {(s.measure, s.horizon): s.ratio for s in summary if s.group == "all"}
        outside = sum(not 0.75 <= s.coverage80 <= 0.85 for s in summary)
        cells = " | ".join(f"{ratio[m, 1]:.3f}, {ratio[m, 2]:.3f}" for m in agg.MEASURES)
        print(f"| {label} | {cells} | {outside} of {len(summary)} |")


TARGETED = ("turnover_rate_fte", "starters_fte", "leavers_fte", "caseload_fte", "absence_rate_fte", "inpost_fte")
"""The six measures with a target below 1 one year ahead (the shared procedure's rule counts them)."""
ROUND3: list[tuple[str, str, dict[str, object]]] = [
    ("P1", "inpost_fte", {"CROSS": {"inpost_fte": ("starters_rate", "leavers_rate")}}),
    ("P2", "inpost_fte", {"CROSS": {"inpost_fte": ("net_flow", "inpost_recent_growth")}}),
    ("P3", "inpost_fte", {"SIZE_GROWTH": False}),
    ("P4", "caseload_fte", {"CROSS": {"caseload_fte": ("net_flow",)}}),
    ("P5", "caseload_fte", {"CROSS": {"caseload_fte": ("vacancy_rel",)}}),
    ("P6", "caseload_fte", {"LOG_SCALE": frozenset({"caseload_fte"})}),
    ("P7", "starters_fte", {"CROSS": {"starters_fte": ("replacement", "vacancy_rel", "leavers_rate")}}),
    ("P8", "starters_fte", {"CROSS": {"starters_fte": ("replacement", "vacancy_rel", "starters_lag2")}}),
    ("P9", "shared", {"RECENCY": 0.8}),
    ("P10", "inpost_fte", {"CROSS_AT": {("inpost_fte", 1): ("starters_rate", "leavers_rate")}}),
    ("I1", "intervals", {"INTERVAL_FLOOR": "monotone"}),
    ("I2", "intervals", {"INTERVAL_FLOOR": "sqrt"}),
    ("I3", "intervals", {"INTERVAL_FLOOR": "persistence"}),
]
"""Round 3's candidates (``perf/forecast_development_rule.md``), each the module settings it changes; a ``CROSS``
setting replaces that measure's offsets only."""
RIDGES = agg.RIDGES
ROUND4: list[tuple[str, str, dict[str, object]]] = [
    ("P11", "starters_fte", {"FORM": {"starters_fte": frozenset({"own_recent3"})}}),
    ("P12", "starters_fte", {"FORM": {"starters_fte": frozenset({"own_median"})}}),
    ("P13", "starters_fte", {"FORM": {"starters_fte": frozenset({"region_mean"})}}),
    ("P14", "starters_fte", {"FORM": {"starters_fte": frozenset({"history"})}}),
    ("P15", "starters_fte", {"FORM": {"starters_fte": frozenset({"terciles"})}}),
    ("P16", "caseload_fte", {"FORM": {"caseload_fte": frozenset({"no_england"})}}),
    ("P17", "caseload_fte", {"FORM": {"caseload_fte": frozenset({"own_median"})}}),
    ("P18", "caseload_fte", {"FORM": {"caseload_fte": frozenset({"history"})}}),
    ("P19", "caseload_fte", {"FORM": {"caseload_fte": frozenset({"terciles"})}}),
    ("P20", "shared", {"RIDGE_GRID": dict.fromkeys(agg.MEASURES, RIDGES)}),
    ("P21", "starters_fte", {"RIDGE_GRID": {"starters_fte": RIDGES}}),
    ("P22", "leavers_fte", {"RIDGE_GRID": {"leavers_fte": RIDGES}}),
    ("I4", "intervals", {"ONE_YEAR_SCALED": True}),
    ("I5", "intervals", {"CONFORMAL_INFLATION": True}),
]
"""Round 4's candidates (``perf/forecast_development_rule.md``), as ``ROUND3``; a ``FORM`` setting replaces that
measure's variants only (a kept one's variants are joined by a later one's for the same measure)."""
SEEDS = (1, 2, 3, 4, 7)


def _with(settings: dict[str, object]) -> dict[str, object]:
    """Apply ``settings`` to the model; the settings they replaced, to put back."""
    kept = {name: getattr(agg, name) for name in settings}
    for name, value in settings.items():
        if name == "FORM":
            now = getattr(agg, name)
            value = {m: now.get(m, frozenset()) | v for m, v in value.items()}  # type: ignore[attr-defined]
        merged = name in ("CROSS", "CROSS_AT", "FORM", "RIDGE_GRID")
        setattr(agg, name, {**getattr(agg, name), **value} if merged else value)  # type: ignore[dict-item]
    return kept


def _outside(summary: list[agg.Summary]) -> int:
    return sum(not 0.75 <= s.coverage80 <= 0.85 for s in summary)


def _score(panel: agg.Panel, measures: tuple[str, ...]) -> tuple[dict[tuple[str, int], float], int, int]:
    """Ratios (one and two years ahead) of ``measures`` on the development panel, the development cells outside
    75-85% (every measure, one and two years) and the simulated cells outside (turnover, 1-3 years, 5 seeds)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.forecasting.test_aggregate import simulated_panel

    summary = agg.summarise(agg.backtest(panel, horizons=[1, 2]))
    ratio = {(s.measure, s.horizon): s.ratio or 1.0 for s in summary if s.group == "all" and s.measure in measures}
    simulated = sum(
        _outside(agg.summarise(agg.backtest(simulated_panel(seed), measures=["turnover_rate_fte"]))) for seed in SEEDS
    )
    return ratio, _outside(summary), simulated


def _judge(label: str, target: str, base: dict[tuple[str, int], float], new: dict[tuple[str, int], float]) -> bool:
    if label.startswith("P") and target != "shared":
        return new[target, 1] <= 0.99 * base[target, 1] and new[target, 2] <= base[target, 2]
    if target == "shared":
        better = sum(new[m, 1] <= 0.99 * base[m, 1] and new[m, 2] <= base[m, 2] for m in TARGETED)
        worse = any(new[k] > base[k] + 0.005 for k in base)
        return better >= 3 and not worse
    return False


def round3(panel: agg.Panel, candidates: list[tuple[str, str, dict[str, object]]] = ROUND3) -> None:
    """Round 3 (or 4, with its ``candidates``): each candidate in turn against the model with the ones kept
    before it."""
    kept_settings: dict[str, object] = {}
    if candidates is ROUND3:
        agg.CROSS_AT = {}  # round 2's model to start from (round 3's offsets are its candidate P10)
    base_ratio, base_dev, base_sim = _score(panel, tuple(agg.MEASURES))
    start = "round 2" if candidates is ROUND3 else "round 3"
    print(f"{start} as published: development cells outside {base_dev} of 64, simulated {base_sim} of 60")
    print(
        "| candidate | measure | h=1 before | h=1 | h=2 before | h=2 | development cells outside | simulated | kept |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for label, target, settings in candidates:
        saved = _with(settings)
        try:
            ratio, dev, sim = _score(panel, tuple(agg.MEASURES))
        finally:
            for name, value in saved.items():
                setattr(agg, name, value)
        if label.startswith("I"):
            keep = dev <= base_dev and sim <= base_sim and dev + sim < base_dev + base_sim
        else:
            keep = _judge(label, target, base_ratio, ratio)
        shown = TARGETED if target in ("shared", "intervals") else (target,)
        for m in shown:
            print(
                f"| {label} | {m} | {base_ratio[m, 1]:.3f} | {ratio[m, 1]:.3f} | {base_ratio[m, 2]:.3f} | "
                f"{ratio[m, 2]:.3f} | {base_dev} -> {dev} | {base_sim} -> {sim} | {'yes' if keep else 'no'} |"
            )
        if keep:
            for name, value in settings.items():
                merged = name in ("CROSS", "CROSS_AT", "FORM", "RIDGE_GRID")
                kept_settings[name] = {**kept_settings.get(name, {}), **value} if merged else value  # type: ignore[dict-item]
            _with(settings)
            base_ratio, base_dev, base_sim = ratio, dev, sim
    print(f"kept: {kept_settings or 'none'}")


def main() -> None:
    warnings.simplefilter("ignore", RuntimeWarning)
    # every table here is of the model before round 4's changes (round 4's tried them: --round4)
    agg.RIDGE_GRID, agg.ONE_YEAR_SCALED = {}, False
    panel = agg.published_panel().up_to(DEVELOPMENT_END)
    if "--procedure" in sys.argv[1:]:
        procedures(panel)
        return
    if "--round3" in sys.argv[1:]:
        round3(panel)
        return
    if "--round4" in sys.argv[1:]:
        round3(panel, ROUND4)
        return
    print("| measure | offsets | h=1 pooled | h=1 procedure | h=2 pooled | h=2 procedure | kept |")
    print("|---|---|---:|---:|---:|---:|---|")
    for measure, candidates in CANDIDATES.items():
        for terms in candidates:
            (p1, r1), (p2, r2) = (ratios(panel, measure, terms, h) for h in (1, 2))
            kept = "yes" if agg.CROSS.get(measure, ()) == terms else ""
            offsets = ", ".join(terms) or "(none)"
            print(f"| {measure} | {offsets} | {p1:.3f} | {r1:.3f} | {p2:.3f} | {r2:.3f} | {kept} |")


if __name__ == "__main__":
    main()
