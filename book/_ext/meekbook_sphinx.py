"""Small Sphinx adjustments for the meekbook API reference (loaded from _config.yml).

1. Napoleon reads the first line of an attribute, property or module-constant docstring as
   ``type: description``. The package writes that line as a sentence ("Meek training compute at
   t = 0 (FLOP): ``budget_meek * flop_per_dollar``."), which napoleon would split at the colon
   and show half of it as a type. Napoleon has no setting for this, so such docstrings are kept
   as written with two handlers of Sphinx's documented ``autodoc-process-docstring`` event, one
   before napoleon's (priority 500) that keeps the lines and one after it that puts them back;
   their types come from the annotations. Docstrings of functions, classes and modules go
   through napoleon as usual.

2. ``meekbook`` re-exports its main functions at the top level (``meekbook.peak_time`` is
   ``meekbook.model.inflection.peak_time``). The API page documents each object once, under its
   defining module; a reference to the short name (``{py:func}`meekbook.peak_time```, natural
   in a chapter that calls ``mb.peak_time``) is resolved to the documented object. References
   that still do not resolve are reported as usual (the build runs with ``-n -W``).
"""

from __future__ import annotations

import importlib

from typing import Any

from sphinx.application import Sphinx

#: autodoc object kinds whose docstrings napoleon would read as ``type: description``.
AS_WRITTEN = ("attribute", "property", "data")
_KEPT = "meekbook_docstring_as_written"


def _keep_lines(app: Sphinx, what: str, name: str, obj: Any, options: Any,
                lines: list[str]) -> None:
    """Before napoleon: remember an attribute docstring's lines."""
    if what in AS_WRITTEN:
        app.env.temp_data.setdefault(_KEPT, {})[(what, name)] = list(lines)


def _restore_lines(app: Sphinx, what: str, name: str, obj: Any, options: Any,
                   lines: list[str]) -> None:
    """After napoleon: put an attribute docstring's lines back as written."""
    kept = app.env.temp_data.get(_KEPT, {}).pop((what, name), None)
    if kept is not None:
        lines[:] = kept


def _canonical_name(target: str) -> str | None:
    """'meekbook.peak_time' -> 'meekbook.model.inflection.peak_time' (None if not a re-export)."""
    parts = target.split(".")
    if len(parts) < 2 or parts[0] != "meekbook":
        return None
    for i in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        try:
            for attr in parts[i:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        module = getattr(obj, "__module__", None)
        qualname = getattr(obj, "__qualname__", None)
        if not module or not qualname:
            return None
        canonical = f"{module}.{qualname}"
        return canonical if canonical != target else None
    return None


def _resolve_reexport(app: Sphinx, env, node, contnode):
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    canonical = _canonical_name(target)
    if canonical is None:
        return None
    domain = env.get_domain("py")
    return domain.resolve_xref(env, node.get("refdoc", ""), app.builder, node["reftype"],
                               canonical, node, contnode)


def setup(app: Sphinx) -> dict:
    app.connect("autodoc-process-docstring", _keep_lines, priority=400)
    app.connect("autodoc-process-docstring", _restore_lines, priority=600)
    app.connect("missing-reference", _resolve_reexport)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
