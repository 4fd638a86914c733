"""The vectorised Monte Carlo engine of the stock-and-flow model: N paths x M months in numpy, nothing else.

The state of one path is a head count per *cell* (see :data:`CELLS`): permanent newly qualified social workers
(NQSW, in their ASYE) by completed month of service 0..11 and "12 or more" (an ASYE not yet signed off), and
for the other role groups (social worker, senior practitioner, manager) x contract (permanent, agency) one
cell per tenure band (:data:`BANDS`; agency :data:`AGENCY_BANDS`). ``stock_flow.py`` estimates the
parameters from the records and builds the :class:`Engine`; this module only runs it. Each month, in this order:

1. **Leavers**: each cell loses ``Binomial(heads, h x shock)``, ``h`` the cell's monthly hazard drawn once per
   path from its posterior and rescaled to the contract's leaving level, drawn once per path (parameter
   uncertainty: the cells give the pattern, the level the uncertainty of the whole), times the scenario's
   multiplier, ``shock`` a Gamma(mean 1) factor drawn per path, month and contract (over-dispersion: a
   council's monthly leavers may vary more than binomial noise alone allows; the DfE panel showed the real
   yearly spread about twice the binomial one).
2. **Agency to permanent conversions**: each agency group's stayers convert with ``Binomial(n, c)`` (``c`` per
   path from its posterior), plus the scenario's planned conversions, longest-serving first, into the same
   group's permanent band 0.
3. **Progression and promotion**: the 12-month NQSW cohort completes its ASYE with probability ``q_due`` (into
   permanent social workers, band 1), the "12 or more" cell with ``q_ext`` a month (binomial); permanent social
   workers and senior practitioners with 2 years' service or more move up a group at a monthly rate.
4. **Ageing**: the NQSW cohorts move on a month; the other cells move to the next tenure band at one over the
   band's width in months (a geometric approximation of time in a band). Promotions and ageing change no
   total, so they move the expected number stochastically rounded (one uniform draw, not a binomial: the
   speed target of 10,000 paths x 36 months in under a second leaves room for the binomials of the flows that
   change the totals, not for these).
5. **Hires**: each hiring stream (a group x contract x route) has a monthly ``mean`` drawn once per path from
   its posterior. Each contract's hiring responds to its *gap*, the posts to fill that month: its reference
   level less its FTE at the start of the month plus the FTE the month's leavers leave and its conversions
   fill (a conversion fills a permanent post and empties an agency one), by the slope ``b`` estimated from
   the records (councils recruit to their vacancies and cover leavers): the contract's mean is scaled by
   ``1 + b x (gap - mean gap) / mean``, ``b`` per path from its estimate's sampling distribution, never below
   0. The permanent reference is the funded establishment where it is held, else a constant (the history's
   level: hiring to keep the workforce as it was). The agency reference is the cover of the posts the
   permanent workforce leaves uncovered (:func:`agency_reference`): a constant less ``agency_cover`` x the
   permanent FTE after the month's leavers and conversions, so each permanent FTE gained (a planned cohort,
   fewer leavers) takes ``agency_cover`` FTE off the agency workers the council engages. The count given
   that mean has the contract's measured dispersion (variance over mean, given the gap): above 1,
   ``Poisson(mean x shock)`` with ``shock`` a Gamma(mean 1) factor per path, month and contract shared by the
   contract's streams (a negative binomial total); below 1, an under-dispersed total
   (:func:`_under_dispersed`) split among the streams. From the month a scenario's agency rules apply, every
   agency mean is scaled by 1 less the share of agency starters the rules exclude (drawn once per path from
   its Beta posterior, from a random stream of its own so the months before are the baseline's). The
   scenario's planned hires are added as planned (no noise: a planned cohort is assumed to start).

FTE is heads x the FTE per head of the cell's group and contract at the origin, plus each contract's FTE mix
(the FTEs of those who left and started about their group's mean). Everything is int64 heads or float64 FTE,
shaped (paths, months) for outputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

GROUPS: tuple[str, ...] = ("nqsw", "social_worker", "senior", "manager")
"""Role groups: NQSW in the ASYE; social worker (OrgRole 5 and 6); senior or advanced practitioner (OrgRole 4);
manager (OrgRole 1-3)."""
CONTRACTS: tuple[str, ...] = ("permanent", "agency")
BANDS: tuple[tuple[int, int | None], ...] = ((0, 12), (12, 24), (24, 60), (60, None))
"""Permanent workers' tenure bands in completed months of the engagement's service: under 1 year, 1-2, 2-5, 5
years or more."""
AGENCY_BANDS: tuple[tuple[int, int | None], ...] = ((0, 12), (12, None))
"""Agency workers' tenure bands: under a year, a year or more (few agency engagements last 2 years)."""


def bands_of(contract: int) -> tuple[tuple[int, int | None], ...]:
    return BANDS if contract == 0 else AGENCY_BANDS


NQSW_COHORTS = 13  # completed months 0..11, then 12 or more (the ASYE not yet signed off)
ROUTES: tuple[str, ...] = ("nqsw", "experienced", "international", "agency")
"""Hiring routes: newly qualified (start origin 1), experienced (other origins), international (start origin 3,
a social work role outside England), agency (a new agency engagement)."""

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


def _cells() -> tuple[tuple[int, int, int], ...]:
    """(contract, group, band) per cell; NQSW cells' ``band`` is the completed month of service 0..12."""
    cells = [(0, 0, k) for k in range(NQSW_COHORTS)]
    cells += [(0, g, b) for g in (1, 2, 3) for b in range(len(BANDS))]
    cells += [(1, g, b) for g in (1, 2, 3) for b in range(len(AGENCY_BANDS))]
    return tuple(cells)


CELLS: tuple[tuple[int, int, int], ...] = _cells()
CELL_CONTRACT = np.array([c for c, _, _ in CELLS], dtype=np.int64)
CELL_GROUP = np.array([g for _, g, _ in CELLS], dtype=np.int64)


def cell_index(contract: int, group: int, band: int) -> int:
    """The column of (contract, group, band); an agency NQSW counts as an agency social worker."""
    if contract == 1 and group == 0:
        group = 1
    if contract == 0 and group == 0:
        return min(band, NQSW_COHORTS - 1)
    return CELLS.index((contract, group, band))


def band_of(months: int, contract: int = 0) -> int:
    """The tenure band of ``months`` completed months of service under ``contract`` (0 permanent, 1 agency)."""
    bands = bands_of(contract)
    for index, (low, high) in enumerate(bands):
        if months >= low and (high is None or months < high):
            return index
    return len(bands) - 1


_AGENCY = np.flatnonzero(CELL_CONTRACT == 1)
_NQSW = np.arange(NQSW_COHORTS)
# ageing: from cell -> to cell, probability a month (geometric: one over the band's width)
_AGEING: list[tuple[int, int, float]] = [
    (cell_index(c, g, b), cell_index(c, g, b + 1), 1.0 / float(high - low))
    for c in (0, 1)
    for g in (1, 2, 3)
    for b, (low, high) in enumerate(bands_of(c))
    if high is not None
]
AGE_FROM = np.array([a for a, _, _ in _AGEING], dtype=np.int64)
AGE_TO = np.array([b for _, b, _ in _AGEING], dtype=np.int64)
AGE_P = np.array([p for _, _, p in _AGEING], dtype=np.float64)
# promotion: permanent social workers and senior practitioners with 2 years' service or more (bands 2 and 3)
PROMOTE_FROM = np.array([cell_index(0, g, b) for g in (1, 2) for b in (2, 3)], dtype=np.int64)
PROMOTE_TO = np.array([cell_index(0, g + 1, b) for g in (1, 2) for b in (2, 3)], dtype=np.int64)
PROMOTE_KIND = np.array([0, 0, 1, 1], dtype=np.int64)  # which promotion rate: social worker up, senior up
SW_BAND1 = cell_index(0, 1, 1)


@dataclass(frozen=True)
class Engine:
    """Everything a run needs, as arrays. ``P`` paths, ``C`` cells, ``S`` hiring streams, ``M`` months.

    ``stock`` (C,) heads at the origin; ``fte_per_head`` (C,); ``hazard_a``/``hazard_b`` (C,) Beta posterior of
    each cell's monthly leaving hazard; ``leave_multiplier`` (M, C) the scenario's; ``shock_var`` (2,) the
    variance of the monthly Gamma shock per contract (0: none); ``convert_a``/``convert_b`` (C,) Beta posterior
    of the monthly conversion probability (agency cells; 0/1 elsewhere); ``progress_a``/``progress_b`` (2,)
    Beta posteriors of ``q_due`` and ``q_ext``; ``promote_a``/``promote_b`` (2,) of the two promotions;
    ``stream_cell`` (S,) the cell a stream's hires join; ``stream_shape``/``stream_rate`` (S,) the Gamma
    posterior of each stream's monthly mean; ``hire_shock_var`` (2,) the variance of the monthly Gamma shock
    (mean 1) on every hiring stream of a contract (0: Poisson hiring); ``planned_hires`` (M, C) heads the
    scenario adds each month; ``planned_conversions`` (M, 3) agency heads of each group (social worker,
    senior, manager) the scenario converts each month; ``case_share`` (C,) the share of a cell's FTE that holds
    cases. ``reference`` (M, 2) each contract's reference level at each month end (the permanent establishment
    where held, else 0; for agency workers the constant of :func:`agency_reference`, whose level falls by
    ``agency_cover`` per FTE of the permanent workforce after the month's leavers and conversions); hiring
    responds to the gap (reference - FTE at the month's start + the FTE the month's leavers and conversions
    leave to fill): a contract's summed mean moves by ``feedback[c]`` (drawn per path from Normal(feedback,
    feedback_se), not below 0) starters per FTE of gap above ``feedback_gap[c]`` (the history's mean gap).
    ``agency_rules_from`` the first month (0-based) a scenario's agency rules apply (none: never), from which
    every agency stream's mean is scaled by 1 - ``s``, ``s`` the share of agency starters the rules exclude,
    drawn per path from Beta(``agency_rules_a``, ``agency_rules_b``).
    ``hire_dispersion`` (2,) the variance of a contract's monthly hires over their mean given the gap (none: 1);
    below 1 the contract's hires are binomial (under-dispersed, as a council recruiting to its gap hires close
    to it), split among its streams in proportion to their means; ``hire_shock_var`` applies only above 1.
    ``leave_level`` (2,) the shape ``k`` of each contract's leaving level (none: the cells' draws alone): a
    path draws the level from Gamma(k, 1/k) (mean 1, variance 1/k) and rescales its cells' drawn hazards so
    that their total over the origin stock is the posterior means' total times the level (the cells' draws
    give the pattern across tenure bands, the level its uncertainty: pooled toward a common mean, the cells'
    independent draws alone would make the total far surer than its leavers allow).
    ``fte_sd`` (2,) the standard deviation of one engagement's FTE about its group's mean, per contract (none:
    every head has its group's FTE): each month the leavers' and the starters' FTE move from heads x FTE per
    head by a Normal draw with variance heads x ``fte_sd`` squared, and so does the contract's FTE (a council
    that replaces a full-time leaver with a part-time starter has a gap left, which its hiring then sees).
    """

    stock: Ints
    fte_per_head: Floats
    hazard_a: Floats
    hazard_b: Floats
    leave_multiplier: Floats
    shock_var: Floats
    convert_a: Floats
    convert_b: Floats
    progress_a: Floats
    progress_b: Floats
    promote_a: Floats
    promote_b: Floats
    stream_cell: Ints
    stream_shape: Floats
    stream_rate: Floats
    hire_shock_var: Floats
    planned_hires: Ints
    planned_conversions: Ints
    case_share: Floats
    reference: Floats | None = None
    feedback: Floats | None = None
    feedback_se: Floats | None = None
    feedback_gap: Floats | None = None
    hire_dispersion: Floats | None = None
    leave_level: Floats | None = None
    fte_sd: Floats | None = None
    agency_cover: float = 0.0
    agency_rules_from: int | None = None
    agency_rules_a: float = 0.0
    agency_rules_b: float = 0.0

    @property
    def months(self) -> int:
        return int(self.planned_hires.shape[0])


@dataclass(frozen=True)
class Run:
    """Per path and month (shape (P, M)): heads and FTE by contract, permanent leavers' and starters' FTE,
    case-holding FTE; ``group_fte`` (P, M, 2, 4) FTE by contract and role group."""

    perm_heads: Ints
    agency_heads: Ints
    perm_fte: Floats
    agency_fte: Floats
    leavers_fte: Floats
    starters_fte: Floats
    case_holding_fte: Floats
    group_fte: Floats


def _beta(rng: np.random.Generator, a: Floats, b: Floats, paths: int) -> Floats:
    """Draws (len(a), paths) from Beta(a, b); a row with a or b not above 0 draws its mean (0 or 1)."""
    ok = (a > 0) & (b > 0)
    out = np.empty((a.shape[0], paths))
    out[ok] = rng.beta(a[ok, None], b[ok, None], size=(int(ok.sum()), paths))
    out[~ok] = np.where(a[~ok] > 0, 1.0, 0.0)[:, None]
    return out


def _draw_level(rng: np.random.Generator, engine: Engine, hazard: Floats) -> None:
    """Rescale ``hazard`` (cells x paths, in place) to each contract's drawn leaving level (see ``Engine``)."""
    assert engine.leave_level is not None
    paths = hazard.shape[1]
    total_a = engine.hazard_a + engine.hazard_b
    mean = np.divide(engine.hazard_a, total_a, out=np.zeros_like(total_a), where=total_a > 0)
    for contract in (0, 1):
        rows = np.flatnonzero(CELL_CONTRACT == contract)
        weights = engine.stock[rows].astype(np.float64)
        shape = float(engine.leave_level[contract])
        expected = float(weights @ mean[rows])
        if shape <= 0 or expected <= 0:
            continue
        drawn = weights @ hazard[rows]
        level = rng.gamma(shape, 1.0 / shape, paths)
        hazard[rows] *= np.divide(expected * level, drawn, out=np.ones(paths), where=drawn > 0)[None, :]


def _shocks(rng: np.random.Generator, var: Floats, paths: int) -> Floats:
    """A Gamma factor with mean 1 and variance ``var[c]`` per contract and path (1 where ``var`` is 0)."""
    out = np.ones((2, paths))
    for contract in (0, 1):
        v = float(var[contract])
        if v > 0:
            out[contract] = rng.gamma(1.0 / v, v, paths)
    return out


def _rounded(rng: np.random.Generator, expected: Floats) -> Ints:
    """``expected`` stochastically rounded: floor, plus 1 with the fractional part's probability (the mean is
    kept; used for moves that change no total: tenure bands and promotions)."""
    return np.floor(expected + rng.random(expected.shape)).astype(np.int64)


def _under_dispersed(rng: np.random.Generator, means: Floats, ratio: float) -> Ints:
    """Hires into each of ``means``' rows (targets x paths) whose total has mean ``m = means.sum(0)`` and
    variance ``v = ratio x m`` (ratio below 1), then split among the rows by conditional binomials in
    proportion to their means (a multinomial split, which keeps the total's variance).

    The total is a mixture of counts that all have mean ``m``, so its variance is the mixture's average of
    theirs: the mean stochastically rounded (variance f(1 - f), f its fractional part: the least an integer
    count with mean ``m`` can have) and Binomial(n, m / n) for whole n above ``m`` (variance m - m^2 / n,
    rising with n toward the Poisson's m). The two neighbours whose variances bracket ``v`` are mixed in the
    proportion that gives ``v`` exactly; below f(1 - f) the mean is rounded."""
    m = means.sum(axis=0)
    v = ratio * m
    fraction = m - np.floor(m)
    least = fraction * (1.0 - fraction)
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.floor(m) + 1.0  # the smallest whole n above m
        n_low = np.maximum(np.floor(m / (1.0 - ratio)), first)
        var_first = m - m * m / first
        var_low = m - m * m / n_low
        var_high = m - m * m / (n_low + 1.0)
        # below the first binomial's variance: the rounded mean (n = 0 here) or the first binomial
        below = v < var_first
        low_n = np.where(below, 0.0, n_low)
        high_n = np.where(below, first, n_low + 1.0)
        low_var = np.where(below, least, var_low)
        high_var = np.where(below, var_first, var_high)
        weight = np.clip(np.nan_to_num((v - low_var) / (high_var - low_var)), 0.0, 1.0)
    n = np.where(rng.random(m.shape) < weight, high_n, low_n).astype(np.int64)
    n = np.where(v <= least, 0, n)
    safe = np.maximum(n, 1)
    remaining = np.where(n > 0, rng.binomial(safe, np.minimum(m / safe, 1.0)), _rounded(rng, m))
    out = np.empty(means.shape, dtype=np.int64)
    left_mean = m.copy()
    for row in range(means.shape[0] - 1):
        share = np.divide(means[row], left_mean, out=np.zeros_like(left_mean), where=left_mean > 0)
        out[row] = rng.binomial(remaining, np.minimum(share, 1.0))
        remaining -= out[row]
        left_mean -= means[row]
    out[-1] = remaining
    return out


def agency_reference(constant: Floats | float, cover: float, perm_fte: Floats, perm_opened: Floats) -> Floats:
    """The agency workers' reference level in a month: ``constant`` less ``cover`` x the permanent FTE after
    the month's leavers and conversions (``perm_fte`` at the month's start less ``perm_opened``, the FTE its
    leavers left less the FTE its conversions filled), never below 0. The estimation (``stock_flow``) sets
    ``constant`` to the agency FTE at the as-at date plus ``cover`` x the permanent FTE then (and any change
    in the funded establishment since), so the level is the as-at date's agency FTE plus ``cover`` x the
    change in the posts the permanent workforce leaves uncovered; the history's gaps and the paths' are made
    by this one function."""
    return np.maximum(constant - cover * (perm_fte - perm_opened), 0.0)


_AGENCY_GROUP_ROWS = [np.flatnonzero((CELL_CONTRACT == 1) & (CELL_GROUP == g)) for g in (1, 2, 3)]
_PERM_BAND0 = np.array([cell_index(0, g, 0) for g in (1, 2, 3)], dtype=np.int64)


def simulate(engine: Engine, *, paths: int, seed: int) -> Run:
    """Run ``paths`` Monte Carlo paths of ``engine.months`` months; the same seed gives the same paths.

    Arrays are laid out (cells, paths) so that each cell's row is contiguous."""
    rng = np.random.default_rng(seed)
    months, cells = engine.months, engine.stock.shape[0]
    base_hazard = _beta(rng, engine.hazard_a, engine.hazard_b, paths)
    if engine.leave_level is not None:
        _draw_level(rng, engine, base_hazard)
    hazard = base_hazard * engine.leave_multiplier[0][:, None]
    convert = _beta(rng, engine.convert_a, engine.convert_b, paths)[[rows[0] for rows in _AGENCY_GROUP_ROWS]]
    progress = _beta(rng, engine.progress_a, engine.progress_b, paths)
    promote = _beta(rng, engine.promote_a, engine.promote_b, paths)[PROMOTE_KIND]
    streams = engine.stream_cell.shape[0]
    live = np.flatnonzero(engine.stream_shape > 0)
    stream_mean = np.zeros((streams, paths))
    shape, scale = engine.stream_shape[live, None], 1.0 / engine.stream_rate[live, None]
    stream_mean[live] = rng.gamma(shape, scale, (live.size, paths))
    # a contract's streams share its shock, so the streams into one cell are one Poisson with their summed mean
    targets = np.unique(engine.stream_cell)
    target_mean = np.zeros((targets.size, paths))
    for i, target in enumerate(targets):
        target_mean[i] = stream_mean[engine.stream_cell == target].sum(axis=0)
    target_contract = CELL_CONTRACT[targets]
    target_perm_fte = np.where(target_contract == 0, engine.fte_per_head[targets], 0.0)
    responding = []  # (contract, its targets, their summed mean, the per-path slope)
    if engine.reference is not None and engine.feedback is not None and engine.feedback_se is not None:
        for contract in (0, 1):
            if engine.feedback[contract] > 0 and (target_contract == contract).any():
                slope = np.maximum(rng.normal(engine.feedback[contract], engine.feedback_se[contract], paths), 0.0)
                rows = target_contract == contract
                responding.append((contract, rows, np.maximum(target_mean[rows].sum(axis=0), 1e-9), slope))
    rules_kept = None  # per path, the share of agency hiring the scenario's agency rules leave
    rules_from = engine.months if engine.agency_rules_from is None else engine.agency_rules_from
    if rules_from < engine.months and engine.agency_rules_a > 0 and engine.agency_rules_b > 0:
        # a stream of its own: the lever's draw leaves every other draw, and the months before it, as they were
        own = np.random.default_rng([seed, 1])
        rules_kept = 1.0 - own.beta(engine.agency_rules_a, engine.agency_rules_b, paths)
    agency_targets = target_contract == 1
    dispersion = np.ones(2) if engine.hire_dispersion is None else engine.hire_dispersion
    hiring = [
        (np.flatnonzero(target_contract == contract), float(dispersion[contract]))
        for contract in (0, 1)
        if (target_contract == contract).any()
    ]
    stock = np.repeat(engine.stock[:, None], paths, axis=1)
    fte = engine.fte_per_head
    perm_fte_w = np.where(CELL_CONTRACT == 0, fte, 0.0)
    contract_fte_w = np.stack([perm_fte_w, np.where(CELL_CONTRACT == 1, fte, 0.0)])
    # one matrix gives every recorded sum of a month: permanent FTE, agency FTE, case-holding FTE, permanent
    # heads, agency heads, then FTE by contract x group
    weights = np.zeros((5 + 2 * len(GROUPS), cells))
    weights[0], weights[1] = perm_fte_w, np.where(CELL_CONTRACT == 1, fte, 0.0)
    weights[2] = fte * engine.case_share
    weights[3], weights[4] = CELL_CONTRACT == 0, CELL_CONTRACT == 1
    weights[5 + CELL_CONTRACT * len(GROUPS) + CELL_GROUP, np.arange(cells)] = fte
    recorded = np.empty((months, weights.shape[0], paths))
    leavers_fte = np.empty((months, paths))
    starters_fte = np.empty((months, paths))
    multiplier_changes = not np.all(engine.leave_multiplier == engine.leave_multiplier[0])
    # the FTE mix: each contract's FTE less its heads x FTE per head, moved by the FTEs of those who come and go
    fte_sd = np.zeros((2, 1)) if engine.fte_sd is None else np.asarray(engine.fte_sd, dtype=np.float64)[:, None]
    mixed = bool((fte_sd > 0).any())
    offset = np.zeros((2, paths))
    contract_heads_w = np.stack([CELL_CONTRACT == 0, CELL_CONTRACT == 1]).astype(np.float64)
    target_rows = [target_contract == contract for contract in (0, 1)]
    for month in range(months):
        if multiplier_changes:
            hazard = base_hazard * engine.leave_multiplier[month][:, None]
        fte_at_start = contract_fte_w @ stock.astype(np.float64) + offset
        # 1. leavers, with a shock per contract and path for over-dispersion
        shock = _shocks(rng, engine.shock_var, paths)
        p_leave = hazard * shock[CELL_CONTRACT]
        np.minimum(p_leave, 1.0, out=p_leave)
        leavers = rng.binomial(stock, p_leave)
        stock -= leavers
        left = contract_fte_w @ leavers.astype(np.float64)
        if mixed:  # the leavers' own FTEs about their group's mean
            mix = np.sqrt(contract_heads_w @ leavers.astype(np.float64)) * fte_sd * rng.standard_normal((2, paths))
            left += mix
            offset -= mix
        leavers_fte[month] = left[0]
        # 2. conversions agency -> permanent, per agency group, longest-serving first
        moved = np.zeros((3, paths), dtype=np.int64)
        moved_fte = np.zeros(paths)  # agency FTE converted
        for g, rows in enumerate(_AGENCY_GROUP_ROWS):
            heads = stock[rows].sum(axis=0)
            want = rng.binomial(heads, convert[g]) + int(engine.planned_conversions[month, g])
            for row in rows[::-1]:
                take = np.minimum(stock[row], want)
                stock[row] -= take
                want -= take
                moved[g] += take
                moved_fte += take * fte[row]
        # 3. ASYE progression (binomial: it changes the NQSW total) and promotion (rounded)
        due, ext = stock[NQSW_COHORTS - 2].copy(), stock[NQSW_COHORTS - 1].copy()
        done = rng.binomial(due, progress[0]) + rng.binomial(ext, progress[1])
        promoted = np.minimum(_rounded(rng, stock[PROMOTE_FROM] * promote), stock[PROMOTE_FROM])
        stock[PROMOTE_FROM] -= promoted
        stock[PROMOTE_TO] += promoted
        # 4. ageing: NQSW cohorts shift a month; other cells move band by the expected share, rounded
        stock[NQSW_COHORTS - 1] = due + ext - done
        stock[1 : NQSW_COHORTS - 1] = stock[0 : NQSW_COHORTS - 2].copy()
        stock[0] = 0
        aged = _rounded(rng, stock[AGE_FROM] * AGE_P[:, None])
        stock[AGE_FROM] -= aged
        stock[AGE_TO] += aged
        stock[SW_BAND1] += done
        # 5. hires: conversions into their group's permanent band 0, the streams, then the planned hires
        stock[_PERM_BAND0] += moved
        starters = fte[_PERM_BAND0] @ moved.astype(np.float64)
        # the posts the month's leavers and conversions leave to fill (a conversion fills a permanent post)
        opened = np.stack([left[0] - starters, left[1] + moved_fte])
        if targets.size:
            hire_shock = _shocks(rng, engine.hire_shock_var, paths)
            means = target_mean * hire_shock[target_contract]
            for contract, rows, summed, slope in responding:
                assert engine.reference is not None and engine.feedback_gap is not None
                reference = engine.reference[month, contract]
                if contract == 1 and engine.agency_cover > 0:
                    reference = agency_reference(reference, engine.agency_cover, fte_at_start[0], opened[0])
                gap = reference - fte_at_start[contract] + opened[contract]
                means[rows] *= np.maximum(1.0 + slope * (gap - engine.feedback_gap[contract]) / summed, 0.0)
            if rules_kept is not None and month >= rules_from:
                means[agency_targets] *= rules_kept
            hires = np.empty(means.shape, dtype=np.int64)
            for rows, ratio in hiring:
                if ratio >= 1.0:
                    hires[rows] = rng.poisson(means[rows])
                else:
                    hires[rows] = _under_dispersed(rng, means[rows], ratio)
            stock[targets] += hires
            starters += target_perm_fte @ hires.astype(np.float64)
            if mixed:  # the starters' own FTEs about their group's mean
                hired = np.stack([(hires[rows]).sum(axis=0) for rows in target_rows]).astype(np.float64)
                mix = np.sqrt(hired) * fte_sd * rng.standard_normal((2, paths))
                starters += mix[0]
                offset += mix

        planned = engine.planned_hires[month]
        if planned.any():
            stock += planned[:, None]
            starters += float(perm_fte_w @ planned)
        starters_fte[month] = starters
        recorded[month] = weights @ stock.astype(np.float64)
        recorded[month, :2] += offset
    by_path = recorded.transpose(2, 0, 1)  # (paths, months, sums)
    return Run(
        perm_heads=np.rint(by_path[:, :, 3]).astype(np.int64),
        agency_heads=np.rint(by_path[:, :, 4]).astype(np.int64),
        perm_fte=by_path[:, :, 0].copy(),
        agency_fte=by_path[:, :, 1].copy(),
        leavers_fte=leavers_fte.T.copy(),
        starters_fte=starters_fte.T.copy(),
        case_holding_fte=by_path[:, :, 2].copy(),
        group_fte=by_path[:, :, 5:].reshape(paths, months, 2, len(GROUPS)).copy(),
    )
