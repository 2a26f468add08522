"""meekbook.notebook.glue.glue: the one helper that puts computed numbers into the chapters' prose."""

import sys

import numpy as np
import pytest

from meekbook import book
from meekbook.notebook.glue import glue, rounded


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (3.3594871234, 6, 3.35949),        # 6 significant digits, rounded half up by hand
        (0.000123456789, 3, 0.000123),
        (123456789.0, 3, 123000000.0),
        (-0.0961809123, 6, -0.0961809),
        (np.float64(2.0) / 3.0, 4, 0.6667),
        (np.float32(0.5), 6, 0.5),
    ],
)
def test_rounded_keeps_significant_digits(value, digits, expected):
    result = rounded(value, digits)
    assert type(result) is float
    assert result == expected


def test_rounded_keeps_integers_bools_and_text():
    assert rounded(7) == 7 and type(rounded(7)) is int
    assert type(rounded(np.int64(12))) is int
    assert rounded(np.bool_(True)) is True
    assert rounded("March 2024") == "March 2024"


@pytest.mark.parametrize("bad", [float("nan"), np.inf, -np.inf])
def test_rounded_refuses_numbers_the_prose_cannot_state(bad):
    with pytest.raises(ValueError, match="finite"):
        rounded(bad)


@pytest.mark.parametrize(("digits", "error"), [(0, ValueError), (18, ValueError), (2.5, TypeError), (True, TypeError)])
def test_rounded_checks_digits(digits, error):
    with pytest.raises(error, match="digits"):
        rounded(1.0, digits)


def test_glue_outside_a_kernel_returns_the_rounded_value_and_prints_nothing(capsys):
    assert glue("ge_peak", 0.211812345) == 0.211812
    assert capsys.readouterr().out == ""


def test_glue_in_a_kernel_calls_myst_nb_with_the_rounded_value(monkeypatch):
    import myst_nb

    calls = []
    monkeypatch.setattr(book, "_in_kernel", lambda: True)
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: calls.append((name, value, display)))
    assert glue("it_sweep_1.1", np.float64(4.594859123)) == 4.59486
    assert calls == [("it_sweep_1.1", 4.59486, False)]


def test_glue_without_myst_nb_is_a_no_op(monkeypatch):
    monkeypatch.setattr(book, "_in_kernel", lambda: True)
    monkeypatch.setitem(sys.modules, "myst_nb", None)   # import myst_nb now raises ImportError
    assert glue("emp_first", "March 2024") == "March 2024"


@pytest.mark.parametrize("name", ["", "two words", "key:.2f", 3])
def test_glue_checks_the_name(name):
    with pytest.raises((ValueError, TypeError), match="name"):
        glue(name, 1.0)
