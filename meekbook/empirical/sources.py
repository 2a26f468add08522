"""The maintained public tables ``meekbook data refresh`` can snapshot, and how each is checked.

Each :class:`Source` names a table, its published URL, its licence and attribution, the columns
a snapshot must have (a renamed or missing one fails the refresh), and which analyses its columns
feed. The URLs are the download links as published by their maintainers when this module was
written; they are not contacted by the tests or the book build. ``--from`` reads any file or URL
in the same format instead.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .download import RefreshError

__all__ = ["Source", "SOURCES", "check_table", "EPOCH_LICENCE", "EPOCH_ATTRIBUTION"]

EPOCH_LICENCE = "CC-BY-4.0"
EPOCH_ATTRIBUTION = ("Epoch AI, 'Data on AI Models' / 'AI Benchmarking Hub', https://epoch.ai/data "
                     "(CC BY 4.0)")


@dataclass(frozen=True)
class Source:
    """One maintained public table.

    Attributes
    ----------
    name : str
        The ``SOURCE`` argument of ``data refresh``.
    title : str
        What the table is.
    url : str
        Where it is published (downloaded when ``--from`` is not given).
    licence, attribution : str
        The data's licence and the credit it asks for (kept in every snapshot's manifest).
    required : tuple of tuple of str
        Columns the table must have: each inner tuple lists the accepted spellings of one
        column (newest first).
    kind : {"models", "scores", "mmlu-pro"}
        What the rows are: models with parameters and data (Epoch's model tables), benchmark
        results (Epoch's external MMLU results), or MMLU-Pro results by evaluator.
    member : str or None
        The CSV inside the ZIP archive published at ``url``, when it is one.
    """

    name: str
    title: str
    url: str
    licence: str
    attribution: str
    required: tuple[tuple[str, ...], ...]
    kind: str
    member: str | None = None


_EPOCH_MODEL_COLUMNS = (("Model", "System"), ("Organization",), ("Publication date",),
                        ("Parameters",),
                        ("Training dataset size (total)", "Training dataset size (datapoints)"))


def _epoch_models(name: str, title: str, file: str, zipped: bool = True) -> Source:
    # Epoch publishes the notable table as its own CSV and every table inside ai_models.zip
    if not zipped:
        return Source(name, f"Epoch AI, {title}", f"https://epoch.ai/data/{file}", EPOCH_LICENCE,
                      EPOCH_ATTRIBUTION, _EPOCH_MODEL_COLUMNS, "models")
    return Source(name, f"Epoch AI, {title}", "https://epoch.ai/data/ai_models.zip", EPOCH_LICENCE,
                  EPOCH_ATTRIBUTION, _EPOCH_MODEL_COLUMNS, "models", member=file)


#: Every source by name.
SOURCES: dict[str, Source] = {s.name: s for s in (
    _epoch_models("epoch-notable", "notable AI models", "notable_ai_models.csv", zipped=False),
    _epoch_models("epoch-large-scale", "large-scale AI models", "large_scale_ai_models.csv"),
    _epoch_models("epoch-frontier", "frontier AI models", "frontier_ai_models.csv"),
    _epoch_models("epoch-all", "all AI models", "all_ai_models.csv"),
    Source("epoch-benchmarks", "Epoch AI Benchmarking Hub, external MMLU results",
           "https://epoch.ai/data/benchmark_data.zip", EPOCH_LICENCE, EPOCH_ATTRIBUTION,
           (("Name",), ("EM",), ("Model version",), ("Shots",), ("Source",)), "scores",
           member="external_benchmark_mmlu.csv"),
    Source("mmlu-pro", "TIGER-Lab, MMLU-Pro leaderboard results table",
           "https://huggingface.co/spaces/TIGER-Lab/MMLU-Pro/resolve/main/results.csv",
           "Apache-2.0 (TIGER-AI-Lab/MMLU-Pro repository); MIT (TIGER-Lab/MMLU-Pro dataset card)",
           "TIGER-Lab, MMLU-Pro leaderboard, https://huggingface.co/spaces/TIGER-Lab/MMLU-Pro; "
           "Wang et al. 2024, arXiv:2406.01574",
           (("Models",), ("Data Source",), ("Model Size(B)",), ("Overall",)), "mmlu-pro"),
)}


def check_table(source: Source, data: bytes, where: str) -> tuple[list[str], int, dict[str, str]]:
    """The header, row count and column mapping of ``data``; a missing column is an error.

    Raises
    ------
    RefreshError
        Not UTF-8 text, not a CSV, or a required column missing (renamed), naming it and the
        columns found.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise RefreshError(f"{where}: not UTF-8 text (byte {err.start}); expected a CSV table") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [" ".join(h.split()) for h in next(reader, [])]
        rows = sum(1 for row in reader if row and any(c.strip() for c in row))
    except csv.Error as err:
        raise RefreshError(f"{where}: malformed CSV ({err})") from None
    mapping: dict[str, str] = {}
    for spellings in source.required:
        found = next((s for s in spellings if s in header), None)
        if found is None:
            shown = ", ".join(header[:8]) + (", ..." if len(header) > 8 else "")
            raise RefreshError(
                f"{where}: column {' or '.join(repr(s) for s in spellings)} is missing (renamed?); "
                f"the {source.name} table needs {[s[0] for s in source.required]}; found: {shown}")
        mapping[found] = spellings[0]
    if rows == 0:
        raise RefreshError(f"{where}: the table has a header but no rows")
    return header, rows, mapping
