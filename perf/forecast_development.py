"""The aggregate forecast's development comparison: each candidate set of cross-measure offsets, scored on the
development origins only (DfE's panel cut at 2022, so forecasts of 2019 to 2022 and nothing later), against the
form without them. docs/forecasting.md reports what it prints; the model's form (``aggregate.CROSS``) was chosen
from it before the full panel was scored.

    PYTHONPATH=src .venv/bin/python perf/forecast_development.py

For each measure and candidate: the MAE of the pooled forecasts over persistence's on the same councils at every
origin where a pooled forecast was made (``pooled``), and the ratio of the whole procedure (pooled or
persistence, chosen at each origin, as published; ``procedure``), one and two years ahead (there are no
development forecasts three years ahead: the first, from 2020, is of 2023).
"""

from __future__ import annotations

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
    ],
    "leavers_fte": [(), ("vacancy_rel",), ("agency_rel",), ("net_flow",), ("net_flow", "agency_rel")],
    "turnover_rate_fte": [(), ("net_flow",)],
    "caseload_fte": [
        (),
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


def main() -> None:
    warnings.simplefilter("ignore", RuntimeWarning)
    panel = agg.published_panel().up_to(DEVELOPMENT_END)
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
