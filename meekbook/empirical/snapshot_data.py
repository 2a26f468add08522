"""The inputs of the paper's two analyses, taken from a snapshot (``--snapshot DIR``).

A snapshot holds one public table; each analysis needs columns no single public table has
together (the sigmoid fit needs parameters, tokens *and* MMLU; the frontier gap needs release
dates, prices *and* scores). So the snapshot's values **replace** the packaged ones for the
models both name (matched by :func:`~meekbook.empirical.public.name_key`: case, spaces and
punctuation ignored), and the packaged table supplies the rest:

* **Epoch model tables**: parameters and training tokens (words converted) for the packaged
  base models Epoch lists, with their packaged MMLU; for the leaderboard, Epoch's parameter count
  of the packaged open models.
* **Epoch external MMLU results**: MMLU of the packaged base models and leaderboard models
  Epoch lists (by ``Name`` or ``Model version``); of several results for one model (one per
  source), the first 5-shot one.
* **MMLU-Pro leaderboard**: the snapshot's scores, one row per model and evaluator
  (``Data Source``: TIGER-Lab = independent, Self-Reported = vendor), with the packaged release
  date and price; the packaged table's independent rows are replaced, its vendor rows kept.

Only models found in both are used for the replaced column; ``df.attrs["report"]`` says how many
matched and which snapshot models could not be placed (no release date or price here).
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd

from .datasets import load_base_models, load_leaderboard, read_leaderboard, read_models
from .public import PublishedText, name_key, normalise
from .snapshots import Snapshot
from .tables import Column, Schema, read_table

__all__ = ["models_input", "leaderboard_input"]

_LOOSE = Schema(
    name="snapshot", key=None, allow_extra=True,
    columns=(Column("model", "str", "keep"), Column("params", "float", "keep", required=False),
             Column("tokens", "float", "keep", required=False),
             Column("mmlu", "fraction", "keep", required=False)),
)


def _snapshot_values(snap: Snapshot, column: str, extra_key: str | None = None) -> dict[str, float]:
    """name_key -> value of ``column`` in the snapshot. Epoch lists several results per model
    (one per source): the first 5-shot row wins (MMLU's standard setting), else the first row."""
    published, _notes, _mapping = normalise(snap.data, "models", merge=False)
    df = read_table(published, _LOOSE, percent="convert")
    if "Shots" in df.columns:
        df = df.iloc[np.argsort(df["Shots"].to_numpy() != "5", kind="stable")]
    keys = [df["model"]] + ([df[extra_key]] if extra_key and extra_key in df.columns else [])
    out: dict[str, float] = {}
    for names in keys:
        for name, value in zip(names, df[column]):
            if name and value == value:
                out.setdefault(name_key(str(name)), float(value))
    return out


def _label(snap: Snapshot) -> str:
    return f"snapshot {snap.source} {snap.retrieved}"


def models_input(snap: Snapshot) -> pd.DataFrame:
    """The base-model table of the sigmoid fit with the snapshot's values (see the module).

    Raises
    ------
    ValueError
        The snapshot's table has none of the fit's columns (MMLU-Pro), or no packaged base
        model is in it.
    """
    base = load_base_models()
    if snap.manifest.get("kind") == "models":
        columns = {c: _snapshot_values(snap, c) for c in ("params", "tokens")}
    elif snap.manifest.get("kind") == "scores":
        columns = {"mmlu": _snapshot_values(snap, "mmlu", "Model version")}
    else:
        raise ValueError(f"the {snap.source} snapshot has no parameter, token or MMLU column: "
                         "the sigmoid fit needs an Epoch snapshot (epoch-notable, epoch-all, "
                         "epoch-benchmarks, ...)")
    keys = [name_key(m) for m in base["model"]]
    matched = np.zeros(len(base), bool)
    for column, values in columns.items():
        new = [values.get(k, math.nan) for k in keys]
        hit = np.isfinite(new)
        base.loc[hit, column] = np.asarray(new)[hit]
        matched |= hit
    used = base.loc[matched, ["model", "params", "tokens", "mmlu"]]
    if len(used) == 0:
        raise ValueError(f"no packaged base model is in the {snap.source} snapshot "
                         f"({snap.rows} rows); nothing to refit")
    df = read_models(PublishedText(_label(snap), used.to_csv(index=False)))
    df.attrs["report"] = (f"{_label(snap)}: {len(df)} of {len(keys)} packaged base models found; "
                          f"{', '.join(columns)} from the snapshot, the rest packaged")
    return df


def leaderboard_input(snap: Snapshot) -> pd.DataFrame:
    """The leaderboard of ``frontier-gap`` with the snapshot's values (see the module)."""
    board = load_leaderboard()
    kind = snap.manifest.get("kind")
    first = board.drop_duplicates("model")
    keys = {name_key(m): i for i, m in zip(first.index, first["model"])}
    if kind == "mmlu-pro":
        table, unplaced = _mmlu_pro_rows(snap, board, first, keys)
        what = "mmlu_pro by evaluator"
    else:
        column, values = ("params_b", {k: v / 1e9 for k, v in _snapshot_values(snap, "params").items()}) \
            if kind == "models" else ("mmlu", _snapshot_values(snap, "mmlu", "Model version"))
        table = board.copy()
        new = np.array([values.get(name_key(m), math.nan) for m in table["model"]])
        hit = np.isfinite(new) & (table[column].notna().to_numpy() if column == "params_b" else True)
        table.loc[hit, column] = new[hit]
        unplaced = []
        what = f"{column} of {int(hit.sum())} rows"
    text = _as_csv(table)
    df = read_leaderboard(PublishedText(_label(snap), text), "mmlu_pro")
    df.attrs["report"] = (f"{_label(snap)}: {what} from the snapshot, release dates and prices "
                          f"packaged; {len(unplaced)} snapshot models not in the packaged table "
                          "(no release date or price) left out")
    df.attrs["unplaced"] = unplaced
    return df


def _mmlu_pro_rows(snap: Snapshot, board: pd.DataFrame, first: pd.DataFrame,
                   keys: dict[str, int]) -> tuple[pd.DataFrame, list[str]]:
    published, _notes, _mapping = normalise(snap.data, "leaderboard", merge=False)
    schema = Schema("snapshot", (Column("model", "str", "keep"),
                                 Column("mmlu_pro", "fraction", "keep"),
                                 Column("evaluator", "str", "keep"),
                                 Column("evaluator_type", "str", "keep")), key=None, allow_extra=True)
    scores = read_table(published, schema, percent="convert")
    rows, unplaced, seen = [], [], set()
    for model, score, evaluator, etype in zip(scores["model"], scores["mmlu_pro"],
                                              scores["evaluator"], scores["evaluator_type"]):
        i = keys.get(name_key(model))
        if i is None or score != score:
            unplaced.append(model)
            continue
        if (first.at[i, "model"], evaluator) in seen:
            continue
        seen.add((first.at[i, "model"], evaluator))
        row = first.loc[i].copy()
        row["mmlu_pro"], row["evaluator"], row["evaluator_type"] = score, evaluator, etype
        row["shots"], row["chain_of_thought"] = pd.NA, pd.NA
        row["source"] = f"{snap.manifest.get('title')} ({snap.retrieved}); price and date: packaged"
        rows.append(row)
    keep = board[board["evaluator_type"] == "vendor"]
    keep = keep[[ (m, e) not in seen for m, e in zip(keep["model"], keep["evaluator"])]]
    unscored = board[board["mmlu_pro"].isna()].drop_duplicates("model")
    return pd.concat([keep, unscored, pd.DataFrame(rows)], ignore_index=True), unplaced


def _cell(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, float) and value != value:
        return ""
    return value


def _as_csv(table: pd.DataFrame) -> str:
    out = table.astype(object).map(_cell)
    buf = io.StringIO()
    out.to_csv(buf, index=False)
    return buf.getvalue()
