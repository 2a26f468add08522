"""Propagating the priors to the model's conclusions: a seeded, vectorised Monte Carlo.

:func:`monte_carlo` draws the inputs jointly (:data:`~meekbook.uncertainty.priors.DEFAULT_PRIORS`
or the user's) and carries every draw through the package's own model functions
(:func:`~meekbook.peak_time`, :func:`~meekbook.loss_gap`, :func:`~meekbook.benchmark_gap`,
:func:`~meekbook.token_threshold`, :func:`~meekbook.inference_catch_up_time`) to the paper's
headline numbers (:data:`OUTPUTS`, computed by :func:`evaluate`); :func:`fan` gives quantile
bands over time. Derived in the chapter :ref:`uncertainty` (``notebooks/uncertainty.md``).

Examples
--------
>>> from meekbook.uncertainty import PAPER_VALUES, Fixed
>>> res = monte_carlo(draws=2000, seed=1, outputs=("t_star", "peak_gap"))
>>> 2.5 < res.median("t_star") < 4.5
True
>>> exact = {name: Fixed(value) for name, value in PAPER_VALUES.items()}
>>> round(float(monte_carlo(exact, draws=3, outputs=("t_star",)).median("t_star")), 3)
3.359
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from ..model.gap import loss_gap
from ..model.inference import inference_catch_up_time
from ..model.inflection import peak_time
from ..model.params import PaperParams
from ..model.scaling import PAPER_LAW, ComputeLaw
from ..model.scores import benchmark_gap
from ..model.sigmoid import SigmoidParams
from ..model.sprt import token_threshold
from ..validation import MAX_GRID, as_float_array, check_finite
from .distributions import Distribution, _check_count, _check_finite_number
from .domain import check_some_in_domain, in_domain
from .priors import PIVOT_COMPUTE, input_names, resolve_priors

__all__ = ["OUTPUTS", "evaluate", "monte_carlo", "UncertaintyResult", "fan", "complete_inputs"]


#: Output names, units and descriptions (``{y}`` stands for a year).
OUTPUTS: dict[str, tuple[str, str]] = {
    "t_star": ("years", "time of the loss-gap peak t*"),
    "peak_gap": ("nats/token", "peak loss gap ΔL(t*)"),
    "gap_at": ("nats/token", "loss gap ΔL at year {y}"),
    "gap_share_of_peak_at": ("fraction", "ΔL at year {y} as a share of the peak"),
    "tokens_at": ("tokens", "tokens to tell the models apart at year {y} (SPRT, α = β = 0.05)"),
    "tokens_at_peak": ("tokens", "tokens to tell the models apart at the peak"),
    "mmlu_peak": ("points", "peak MMLU gap (frontier minus meek)"),
    "mmlu_peak_time": ("years", "time of the MMLU-gap peak"),
    "inference_catch_up": ("years", "years until the fixed-price model matches the frontier"),
}

_DEFAULT_OUTPUTS = tuple(OUTPUTS)
#: Longest horizon (years) of the MMLU-gap peak search (its grid is allocated per block of draws).
MAX_T_MAX = 100.0
#: Largest number of (time, draw) cells of a fan chart (8 bytes each).
MAX_FAN_CELLS = 20_000_000
_MMLU_COARSE = 0.5  # years between coarse grid points for the MMLU-gap peak
_MMLU_STEP = 0.05   # fine grid (refined by a parabola through the top three points)
_MMLU_FINE_POINTS = 10  # fine points on each side of the coarse maximum (covers ±0.5 years)
_CHUNK = 8192       # draws per block where a time grid is evaluated (bounded memory)


def _params(inputs: Mapping[str, np.ndarray]) -> PaperParams:
    """PaperParams whose fields are the drawn arrays (one entry per draw)."""
    gamma = np.asarray(inputs["gamma"], dtype=float)
    k = np.asarray(inputs["law_scale"]) * PAPER_LAW.K * PIVOT_COMPUTE ** (gamma - PAPER_LAW.gamma)
    sig = np.asarray(inputs["sigmoid"], dtype=float)
    law = ComputeLaw(E=PAPER_LAW.E, K=k, gamma=gamma, name="drawn")
    sigmoid = SigmoidParams(S=sig[:, 0], x0=sig[:, 1], k=sig[:, 2], s0=sig[:, 3])
    return PaperParams(
        g_hardware=inputs["g_hardware"], g_algorithm=inputs["g_algorithm"],
        g_investment=inputs["g_investment"], g_inference=inputs["g_inference"],
        law=law, sigmoid=sigmoid,
    )


def complete_inputs(inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``inputs`` with ``g_investment`` derived as ``g_compute / g_hardware`` when the draws
    come from the correlated parameterisation (``g_compute`` given, ``g_investment`` not).

    Examples
    --------
    >>> float(complete_inputs({"g_compute": np.array([5.0]), "g_hardware": np.array([1.4])})["g_investment"][0])
    3.5714285714285716
    """
    out = dict(inputs)
    if "g_compute" in out and "g_investment" not in out:
        with np.errstate(divide="ignore", invalid="ignore"):
            out["g_investment"] = np.asarray(out["g_compute"], dtype=float) / np.asarray(
                out["g_hardware"], dtype=float)
    return out


def _subset(inputs: Mapping[str, np.ndarray], mask: np.ndarray) -> dict[str, np.ndarray]:
    return {k: np.asarray(v)[mask] for k, v in inputs.items()}


def _output_names(outputs: Iterable[str], years: Sequence[float]) -> list[str]:
    names = []
    for out in outputs:
        if out not in OUTPUTS:
            raise ValueError(f"unknown output {out!r}; allowed: {', '.join(OUTPUTS)}")
        if "{y}" in OUTPUTS[out][1]:
            names += [f"{out}_{_year_label(y)}" for y in years]
        else:
            names.append(out)
    return names


def _year_label(year: float) -> str:
    return f"{year:g}"


def check_years(years: Any, name: str = "years") -> tuple[float, ...]:
    """Per-year output years: finite, > 0, at most 1000, with distinct labels (``5`` vs ``5.0000001``)."""
    arr = check_finite(name, as_float_array(name, years)).ravel()
    if arr.size > 100 or not np.all((arr > 0) & (arr <= 1000)):
        raise ValueError(f"{name} must be numbers in (0, 1000], 1 to 100 of them; got {_short_list(arr)}")
    years_t = tuple(float(y) for y in arr)
    labels = [_year_label(y) for y in years_t]
    for i, label in enumerate(labels):
        if labels.index(label) != i:
            raise ValueError(
                f"{name} {years_t[labels.index(label)]!r} and {years_t[i]!r} have the same label "
                f"{label!r}; give years that differ in their first 6 significant digits"
            )
    return years_t


def _short_list(arr: np.ndarray) -> str:
    return repr(arr.tolist()) if arr.size <= 8 else f"{arr.size} values"


def _mmlu_peak(params: PaperParams, n: int, t_max: float) -> tuple[np.ndarray, np.ndarray]:
    """Peak of the MMLU gap per draw: coarse grid, fine grid around its maximum, then a parabola.

    Draws whose maximum sits at either end of ``[0, t_max]`` have no interior peak: NaN there.
    """
    coarse = np.linspace(0.0, t_max, int(round(t_max / _MMLU_COARSE)) + 1)
    i = np.argmax(np.asarray(benchmark_gap(coarse[:, None], params), dtype=float), axis=0)
    interior = (i > 0) & (i < coarse.size - 1)
    offsets = np.arange(-_MMLU_FINE_POINTS, _MMLU_FINE_POINTS + 1) * _MMLU_STEP
    fine = np.clip(coarse[i][None, :] + offsets[:, None], 0.0, t_max)          # (F, n)
    gap = np.asarray(benchmark_gap(fine, params), dtype=float)
    j = np.argmax(gap, axis=0)
    cols = np.arange(n)
    interior &= (fine[j, cols] > 0) & (fine[j, cols] < t_max)
    jc = np.clip(j, 1, offsets.size - 2)
    y0, y1, y2 = gap[jc - 1, cols], gap[jc, cols], gap[jc + 1, cols]
    curv = y0 - 2 * y1 + y2
    safe = np.where(curv < 0, curv, -1.0)
    shift = np.clip(np.where(curv < 0, 0.5 * (y0 - y2) / safe, 0.0), -0.5, 0.5)
    time = fine[jc, cols] + shift * _MMLU_STEP
    peak = y1 - 0.25 * (y0 - y2) * shift
    return np.where(interior, peak, np.nan), np.where(interior, time, np.nan)


def evaluate(
    inputs: Mapping[str, np.ndarray],
    outputs: Sequence[str] = _DEFAULT_OUTPUTS,
    years: Sequence[float] = (1.0, 5.0, 10.0, 20.0),
    t_max: float = 20.0,
) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """Every requested output for every draw of ``inputs`` (arrays keyed by input name).

    Returns
    -------
    values : dict of str to ndarray
        One array per output (length = number of draws); NaN where the output is undefined.
    undefined : dict of str to str
        For each output, why some draws have no value (empty when all are defined).
    """
    inputs = complete_inputs(inputs)
    n = int(np.shape(inputs["gamma"])[0])
    names = _output_names(outputs, years)
    values = {name: np.full(n, np.nan) for name in names}
    why: dict[str, str] = {}
    ok = in_domain(inputs)
    if not ok.all():
        for name in names:
            why[name] = "input outside the model's domain (g_alg g_h <= 1, g_i <= 1 or gamma not in (0, 1))"
    if not ok.any():
        return values, why
    want = set(outputs)
    # Blocks of draws (not single draws) bound the memory of the MMLU time grid.
    chunk = _CHUNK if want & {"mmlu_peak", "mmlu_peak_time"} else max(n, 1)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        idx = np.flatnonzero(ok[start:stop]) + start
        if idx.size == 0:
            continue
        sub = _subset(inputs, idx)
        p = _params(sub)
        t_star = np.asarray(peak_time(p), dtype=float)
        peak = np.asarray(loss_gap(t_star, p), dtype=float)
        if "t_star" in want:
            values["t_star"][idx] = t_star
        if "peak_gap" in want:
            values["peak_gap"][idx] = peak
        if "tokens_at_peak" in want:
            values["tokens_at_peak"][idx] = token_threshold(peak, p.alpha, p.beta)
        if want & {"gap_at", "gap_share_of_peak_at", "tokens_at"}:
            yrs = np.asarray(years, dtype=float)
            gaps = np.asarray(loss_gap(yrs[:, None], p), dtype=float).reshape(yrs.size, idx.size)
            for j, y in enumerate(yrs):
                label = _year_label(y)
                if "gap_at" in want:
                    values[f"gap_at_{label}"][idx] = gaps[j]
                if "gap_share_of_peak_at" in want:
                    values[f"gap_share_of_peak_at_{label}"][idx] = gaps[j] / peak
                if "tokens_at" in want:
                    pos = gaps[j] > 0
                    tok = np.full(idx.size, np.nan)
                    tok[pos] = token_threshold(gaps[j][pos], p.alpha, p.beta)
                    values[f"tokens_at_{label}"][idx] = tok
                    if not pos.all():
                        why[f"tokens_at_{label}"] = "no gap at that year (ΔL = 0: no test can tell them apart)"
        if want & {"mmlu_peak", "mmlu_peak_time"}:
            mp, mt = _mmlu_peak(p, idx.size, t_max)
            if "mmlu_peak" in want:
                values["mmlu_peak"][idx] = mp
            if "mmlu_peak_time" in want:
                values["mmlu_peak_time"][idx] = mt
            if np.isnan(mp).any():
                for key in want & {"mmlu_peak", "mmlu_peak_time"}:
                    why.setdefault(key, f"no interior peak of the MMLU gap on [0, {t_max:g}] years")
        if "inference_catch_up" in want:
            catches = p.g_hardware * np.asarray(p.g_inference) ** 2 > p.g_investment
            if catches.any():
                pc = _params(_subset(sub, catches))
                values["inference_catch_up"][idx[catches]] = inference_catch_up_time(pc)
            if not catches.all():
                why.setdefault("inference_catch_up",
                               "never catches up (g_h g_inf^2 <= g_i: the fixed-price model grows slower)")
    return values, why


def _draw_inputs(priors: Mapping[str, Distribution], u: np.ndarray,
                 correlated: bool = False) -> dict[str, np.ndarray]:
    drawn = {name: priors[name].values_at(u[:, j], name)
             for j, name in enumerate(input_names(correlated))}
    return complete_inputs(drawn)


@dataclass
class UncertaintyResult:
    """Monte Carlo draws of every output, with summaries.

    Attributes
    ----------
    values : dict of str to ndarray
        Output per draw (NaN where undefined; :attr:`undefined` says why).
    inputs : dict of str to ndarray
        The drawn inputs.
    priors : dict of str to Distribution
        The distributions used.
    draws, seed : int
        Number of joint draws and the seed.
    years : tuple of float
        Years of the per-year outputs.
    undefined : dict of str to str
        Reason per output that has undefined draws.
    sobol : dict or None
        Sobol indices per output (from :func:`~meekbook.uncertainty.sensitivity.sobol_indices`), when requested.
    correlated : bool
        True when ``g_investment`` was derived from the frontier's compute growth
        (``g_compute / g_hardware``) rather than drawn on its own.
    """

    values: dict[str, np.ndarray]
    inputs: dict[str, np.ndarray]
    priors: dict[str, Distribution]
    draws: int
    seed: int
    years: tuple[float, ...]
    undefined: dict[str, str]
    sobol: dict[str, Any] | None = None
    correlated: bool = False

    def defined_share(self, name: str) -> float:
        """Share of draws in which ``name`` is defined."""
        return float(np.mean(np.isfinite(self._get(name))))

    def _get(self, name: str) -> np.ndarray:
        if name not in self.values:
            raise ValueError(f"unknown output {name!r}; available: {', '.join(self.values)}")
        return self.values[name]

    def _defined(self, name: str) -> np.ndarray:
        v = self._get(name)
        v = v[np.isfinite(v)]
        if v.size == 0:
            raise ValueError(f"output {name!r} is undefined in every draw: {self.undefined.get(name, '')}")
        return v

    def median(self, name: str) -> float:
        """Median over the draws where ``name`` is defined."""
        return float(np.median(self._defined(name)))

    def interval(self, name: str, coverage: float = 0.90) -> tuple[float, float]:
        """Central interval (default 5-95 %) over the defined draws."""
        if not 0 < coverage < 1:
            raise ValueError(f"coverage must lie in (0, 1); got {coverage!r}")
        lo, hi = np.quantile(self._defined(name), [(1 - coverage) / 2, (1 + coverage) / 2])
        return float(lo), float(hi)

    def share(self, name: str, predicate: Callable[[np.ndarray], np.ndarray]) -> float:
        """Share of *all* draws in which ``name`` is defined and ``predicate(value)`` holds."""
        v = self._get(name)
        fin = np.isfinite(v)
        hit = np.zeros(v.shape, dtype=bool)
        hit[fin] = np.asarray(predicate(v[fin]), dtype=bool)
        return float(hit.mean())

    def summary(self) -> "Any":
        """Table (pandas DataFrame) of every output: median, 5 % and 95 % points, defined share."""
        import pandas as pd

        rows = []
        for name in self.values:
            unit, text = _describe_output(name)
            fin = np.isfinite(self.values[name])
            if fin.any():
                lo, hi = self.interval(name)
                med = self.median(name)
            else:
                lo = hi = med = math.nan
            rows.append({"output": name, "description": text, "unit": unit, "median": med,
                         "p05": lo, "p95": hi, "defined": float(fin.mean())})
        return pd.DataFrame(rows).set_index("output")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary (no NaN: undefined values are None, with the reason)."""
        outputs = {}
        for name in self.values:
            unit, text = _describe_output(name)
            fin = np.isfinite(self.values[name])
            entry: dict[str, Any] = {"description": text, "unit": unit,
                                     "defined_share": float(fin.mean())}
            if fin.any():
                lo, hi = self.interval(name)
                entry.update(median=self.median(name), p05=lo, p95=hi)
            else:
                entry.update(median=None, p05=None, p95=None)
            if name in self.undefined and not fin.all():
                entry["undefined_because"] = self.undefined[name]
            outputs[name] = entry
        out: dict[str, Any] = {
            "draws": self.draws,
            "seed": self.seed,
            "correlated": self.correlated,
            "priors": {name: {"distribution": d.describe(), "source": d.source,
                              "judgement": bool(d.judgement)} for name, d in self.priors.items()},
            "outputs": outputs,
        }
        if self.sobol is not None:
            out["sobol"] = self.sobol
        return out

    def format_table(self) -> str:
        """Plain-text table for the command line."""
        lines = [f"{'output':<28} {'median':>10} {'5%':>10} {'95%':>10} {'defined':>8}  unit"]
        for name, row in self.summary().iterrows():
            lines.append(f"{name:<28} {row['median']:>10.4g} {row['p05']:>10.4g} {row['p95']:>10.4g} "
                         f"{row['defined']:>8.1%}  {row['unit']}")
        if self.sobol:
            lines.append("")
            lines.append("Sobol total-order indices (share of variance involving each input)")
            for out_name, entry in self.sobol.items():
                if "total" not in entry:
                    lines.append(f"  {out_name:<26} skipped: {entry.get('skipped', '')}")
                    continue
                parts = ", ".join(f"{k} {v:.2f}" for k, v in
                                  sorted(entry["total"].items(), key=lambda kv: -kv[1]) if v >= 0.005)
                lines.append(f"  {out_name:<26} {parts}")
        return "\n".join(lines)


def _describe_output(name: str) -> tuple[str, str]:
    if name in OUTPUTS:
        return OUTPUTS[name]
    base, _, year = name.rpartition("_")
    unit, text = OUTPUTS[base]
    return unit, text.format(y=year)


def monte_carlo(
    priors: Mapping[str, Any] | None = None,
    draws: int = 100_000,
    seed: int = 0,
    outputs: Sequence[str] = _DEFAULT_OUTPUTS,
    years: Sequence[float] = (1.0, 5.0, 10.0, 20.0),
    t_max: float = 20.0,
    progress: Callable[[int], None] | None = None,
    correlated: bool = False,
) -> UncertaintyResult:
    """Seeded joint Monte Carlo of the model's conclusions.

    Parameters
    ----------
    priors : mapping, optional
        Replacements for :data:`~meekbook.uncertainty.priors.DEFAULT_PRIORS` (distributions or numbers).
    draws : int
        Joint draws (>= 1).
    seed : int
        Seed (>= 0); the same seed gives the same draws.
    outputs : sequence of str
        Keys of :data:`OUTPUTS` (default all).
    years : sequence of float
        Years (> 0) for the per-year outputs.
    t_max : float
        Horizon (years) for the MMLU-gap peak search.
    progress : callable, optional
        Called with the number of draws finished after each block (for a progress bar).
    correlated : bool
        Default False: the seven inputs are drawn independently. True: the frontier's compute
        growth ``g_compute`` (:data:`~meekbook.uncertainty.priors.COMPUTE_PRIOR`) is drawn in
        place of ``g_investment``, which becomes ``g_compute / g_hardware`` per draw, as the
        paper defines it (5 / 1.4): faster hardware then means slower spending growth.

    Returns
    -------
    UncertaintyResult
    """
    resolved = resolve_priors(priors, correlated)
    draws = _check_count("draws", draws)
    seed = _check_count("seed", seed, 0, 2**63 - 1)
    years_t = check_years(years)
    t_max = _check_finite_number("t_max", t_max)
    if not 1 < t_max <= MAX_T_MAX:
        raise ValueError(f"t_max must be > 1 and <= {MAX_T_MAX} years (the memory bound of its grid); got {t_max!r}")
    rng = np.random.default_rng(seed)
    u = rng.random((draws, len(resolved)))
    inputs = _draw_inputs(resolved, u, bool(correlated))
    check_some_in_domain(inputs, resolved)
    block = 50_000
    values: dict[str, np.ndarray] = {}
    why: dict[str, str] = {}
    for start in range(0, draws, block):
        part = {k: v[start:start + block] for k, v in inputs.items()}
        vals, w = evaluate(part, outputs, years_t, t_max)
        for k, v in vals.items():
            values.setdefault(k, np.empty(draws))[start:start + v.size] = v
        for k, v in w.items():
            why.setdefault(k, v)
        if progress is not None:
            progress(min(block, draws - start))
    why = {k: v for k, v in why.items() if not np.isfinite(values[k]).all()}
    return UncertaintyResult(values, inputs, resolved, draws, seed, years_t, why,
                             correlated=bool(correlated))


def fan(
    result: UncertaintyResult,
    t: Sequence[float],
    quantity: str = "loss_gap",
    quantiles: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95),
    max_draws: int = 20_000,
) -> np.ndarray:
    """Quantiles over draws of ``loss_gap`` or ``mmlu_gap`` (points) at each time ``t``.

    Uses the first ``max_draws`` draws of ``result`` that lie in the model's domain.

    Returns
    -------
    ndarray, shape (len(quantiles), len(t))
    """
    if quantity not in ("loss_gap", "mmlu_gap"):
        raise ValueError(f"quantity must be 'loss_gap' or 'mmlu_gap'; got {quantity!r}")
    t_arr = check_finite("t", as_float_array("t", t))
    _check_count("len(t)", t_arr.size, 1, MAX_GRID)
    ok = np.flatnonzero(in_domain(result.inputs))[: _check_count("max_draws", max_draws)]
    if ok.size == 0:
        raise ValueError("no draw lies in the model's domain")
    if t_arr.size * ok.size > MAX_FAN_CELLS:
        raise ValueError(f"len(t) * max_draws must be <= {MAX_FAN_CELLS:,} (the memory bound); "
                         f"got {t_arr.size:,} * {ok.size:,}")
    p = _params(_subset(result.inputs, ok))
    f = loss_gap if quantity == "loss_gap" else benchmark_gap
    curves = np.asarray(f(t_arr[:, None], p), dtype=float)
    return np.quantile(curves, np.asarray(quantiles), axis=1)
