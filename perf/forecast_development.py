"""The aggregate forecast's development comparison: each candidate set of cross-measure offsets, scored on the
development origins only (DfE's panel cut at 2022, so forecasts of 2019 to 2022 and nothing later), against the
form without them. docs/forecasting.md reports what it prints; the model's form (``aggregate.CROSS``) was chosen
from it before the full panel was scored.

    PYTHONPATH=src .venv/bin/python perf/forecast_development.py [--procedure]

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
    kept = agg.CROSS
    agg.CROSS = {measure: terms}
    try:
        s = agg._scaled(panel, measure)
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
        agg.CROSS = kept
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


def main() -> None:
    warnings.simplefilter("ignore", RuntimeWarning)
    panel = agg.published_panel().up_to(DEVELOPMENT_END)
    if "--procedure" in sys.argv[1:]:
        procedures(panel)
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
