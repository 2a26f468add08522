"""The book's exercises: five per chapter with a difficulty mark, and a working self-check.

Reference values here are computed from the paper's formulas and constants (Gundlach, Lynch and
Thompson 2025, eqs. 1-3 and sections 3-5; Hoffmann et al. 2022 for the Chinchilla fit), never
through :mod:`meekbook.checks.exercises`, which is the code under test.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from meekbook import exercises

from support import ROOT  # noqa: E402
MARKS = ("★ warm-up", "★★ standard", "★★★ challenge")
MIN_EXERCISES = 5

# The paper's constants (rounded compute law and growth rates, section 2) and Chinchilla's fit.
K, GAMMA, E, C0 = 1070.0, 0.154, 1.7, 1e20
G_ALG, G_H, G_I = 2.8, 1.4, 5 / 1.4
CH_A, CH_B, CH_a, CH_b = 406.4, 410.7, 0.34, 0.28
S, X0, STEEP, S0 = 0.55, 1.97, -23.77, 0.25


def paper_gap(t: float, g_m: float = G_ALG * G_H, g_i: float = G_I) -> float:
    """Equation (3) of the paper."""
    return K * C0**-GAMMA * g_m ** (-GAMMA * t) * (1 - g_i ** (-GAMMA * t))


def wald(alpha: float, beta: float) -> float:
    return (1 - alpha) * math.log((1 - alpha) / beta) + alpha * math.log(alpha / (1 - beta))


# ---------------------------------------------------------------------------------------------
# Independent reference values, one per checkable exercise
# ---------------------------------------------------------------------------------------------
def _g_chinchilla() -> float:
    return (CH_a * CH_A / (CH_b * CH_B)) ** (1 / (CH_a + CH_b))


def _ref_1_1() -> float:
    return _g_chinchilla() * (1e24 / 6) ** (CH_b / (CH_a + CH_b)) / 1e9


def _ref_1_5() -> float:
    return 6 * (20 * _g_chinchilla() ** 2) ** ((CH_a + CH_b) / (CH_a - CH_b))


def _ref_2_5() -> float:
    m, u = math.log(G_ALG * G_H), math.log(G_I)
    return K * C0**-GAMMA / GAMMA * (1 / m - 1 / (m + u))


def _t_star(g_m: float, g_i: float) -> float:
    return math.log(math.log(g_m * g_i) / math.log(g_m)) / (GAMMA * math.log(g_i))


def _ref_3_5() -> float:
    # maximise eq. (3) with g_i = 8 on a fine grid, refined by golden-section search
    grid = np.linspace(0.0, 20.0, 20001)
    t0 = grid[np.argmax([paper_gap(t, g_i=8.0) for t in grid])]
    lo, hi = t0 - 1e-3, t0 + 1e-3
    phi = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        a, b = hi - phi * (hi - lo), lo + phi * (hi - lo)
        if paper_gap(a, g_i=8.0) > paper_gap(b, g_i=8.0):
            hi = b
        else:
            lo = a
    return paper_gap((lo + hi) / 2, g_i=8.0)


def _ref_4_5() -> float:
    loss_70 = X0 - math.log(S / (0.70 - S0) - 1) / STEEP
    return math.log(K * C0**-GAMMA / (loss_70 - E)) / (GAMMA * math.log(G_ALG * G_H))


def _ref_6_5() -> float:
    flop_per_dollar, budget = 1e17, 1e3
    start = K * ((1e-8 * flop_per_dollar) ** (-2 * GAMMA) - (budget * flop_per_dollar) ** -GAMMA)
    target = start / 2 / K + (budget * flop_per_dollar) ** -GAMMA
    return target ** (-1 / (2 * GAMMA)) / flop_per_dollar


def _ref_7_5() -> float:
    g = G_ALG * G_H
    return K * C0**-GAMMA * g ** (-GAMMA * 20) * (1 - G_I ** (-GAMMA * 3))


def _ref_8_1() -> float:
    """Largest gap between the two running maxima of the toy table, in points (by hand)."""
    rows = sorted(exercises.TOY_LEADERBOARD, key=lambda r: r[1])
    dates = sorted({r[1] for r in rows})
    best_all = best_band = None
    gaps = []
    for day in dates:
        for _, released, price, score in rows:
            if released == day:
                best_all = score if best_all is None else max(best_all, score)
                if 0.5 <= price <= 1.0:
                    best_band = score if best_band is None else max(best_band, score)
        if best_band is not None:
            gaps.append(best_all - best_band)
    return 100 * max(gaps)


def _ref_10_6() -> float:
    """g_alg at which eq. (3) at t = 10 is a tenth of its maximum (bisection on the closed form)."""
    def ratio(g_alg: float) -> float:
        g_m = g_alg * G_H
        t_star = _t_star(g_m, G_I)
        return paper_gap(10.0, g_m=g_m) / paper_gap(t_star, g_m=g_m) - 0.1

    lo, hi = 1.5, 200.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if ratio(mid) > 0 else (lo, mid)
    return (lo + hi) / 2


def _ref_11_1() -> float:
    """Meek actor's effective compute C0 (g_alg g_h)^t reaches 1e26 FLOP; t = 0 is 2024.0."""
    return 2024.0 + math.log(1e26 / C0) / math.log(G_ALG * G_H)


REFERENCES = {
    "10.6": _ref_10_6,
    "11.1": _ref_11_1,
    "1.1": _ref_1_1,
    "1.5": _ref_1_5,
    "2.1": lambda: paper_gap(6.0),
    "2.5": _ref_2_5,
    "3.1": lambda: _t_star(G_ALG * 1.0, G_I),
    "3.5": _ref_3_5,
    "4.1": lambda: 100 * (S / (1 + math.exp(-STEEP * (2.0 - X0))) + S0),
    "4.5": _ref_4_5,
    "5.1": lambda: wald(0.05, 0.05) / paper_gap(10.0),
    "5.5": lambda: wald(0.01, 0.2),
    "6.1": lambda: math.log(1e3 / (3e-9**2 * 1e17)) / math.log(G_H * 9.0**2 / G_I),
    "6.5": _ref_6_5,
    "7.1": lambda: _t_star(G_ALG * G_H, G_I) - math.log(30) / math.log(G_I),
    "7.5": _ref_7_5,
    "8.1": _ref_8_1,
    "9.1": lambda: wald(0.05, 0.05) / (5 * paper_gap(20.0)),
    "9.5": lambda: 20 * (1 - math.log(G_ALG * 1.2) / math.log(G_ALG * G_H * G_I)),
}


def test_every_checkable_exercise_has_an_independent_reference():
    assert set(exercises.checkable()) == set(REFERENCES)


def _rtol(number: str) -> float:
    text = exercises.checkable()[number]
    return float(re.search(r"within ([\d.]+) %", text).group(1)) / 100


@pytest.mark.parametrize("number", sorted(REFERENCES))
def test_check_accepts_the_right_answer(number):
    reference = REFERENCES[number]()
    result = exercises.check(number, reference)
    assert result.correct, result.message
    assert bool(result) and "correct" in str(result)
    # an answer inside the tolerance is accepted too
    assert exercises.check(number, reference * (1 + 0.5 * _rtol(number))).correct


@pytest.mark.parametrize("number", sorted(REFERENCES))
def test_check_rejects_a_wrong_answer_without_revealing_the_reference(number):
    reference = REFERENCES[number]()
    for wrong in (reference * (1 + 2 * _rtol(number)), reference * (1 - 2 * _rtol(number)),
                  -reference, 0.0):
        result = exercises.check(number, wrong)
        assert not result.correct and not bool(result)
        assert "not within" in result.message
        for digits in range(1, 7):
            for text in (f"{reference:.{digits}f}", f"{reference:.{digits}g}",
                         f"{reference:.{digits}e}"):
                if len(text.strip("0.-")) >= 2:       # one-digit strings occur anywhere
                    assert text not in result.message, (number, text)
        for word in ("too high", "too low", "larger", "smaller"):
            assert word not in result.message


def test_check_accepts_labels_and_numpy_numbers():
    assert exercises.check("ge-ex-gap6", np.float64(paper_gap(6.0))).correct
    assert exercises.check("Exercise 2.1", np.array(paper_gap(6.0))).correct
    assert exercises.check(" 3.1 ", np.float32(_t_star(G_ALG, G_I))).correct


@pytest.mark.parametrize(
    "exercise, answer, error, words",
    [
        (2.1, 0.19, TypeError, ["exercise", "2.1", "string"]),
        (None, 0.19, TypeError, ["exercise", "None"]),
        ("2.2", 0.19, ValueError, ["exercise", "'2.2'", "2.1", "9.5"]),
        ("12.1", 0.19, ValueError, ["exercise", "'12.1'"]),
        ("2.1", "0.19", TypeError, ["answer", "'0.19'", "str"]),
        ("2.1", True, TypeError, ["answer", "True"]),
        ("2.1", [0.19], TypeError, ["answer", "list"]),
        ("2.1", np.array([0.19, 0.2]), TypeError, ["answer", "(2,)"]),
        ("2.1", 1 + 2j, TypeError, ["answer", "complex"]),
        ("2.1", float("nan"), ValueError, ["answer", "nan"]),
        ("2.1", float("inf"), ValueError, ["answer", "inf"]),
    ],
)
def test_bad_input_raises_a_clear_error(exercise, answer, error, words):
    with pytest.raises(error) as info:
        exercises.check(exercise, answer)
    for word in words:
        assert word in str(info.value)


def test_toy_leaderboard_printed_in_the_chapter_is_the_packaged_one():
    text = (ROOT / "notebooks" / "empirical_check.md").read_text(encoding="utf8")
    rows = re.findall(r"^\| (\S+) \| (\d{4}-\d\d-\d\d) \| ([\d.]+) \| ([\d.]+) \|$", text, re.M)
    assert [(m, d, float(p), float(s)) for m, d, p, s in rows] == list(exercises.TOY_LEADERBOARD)


# ---------------------------------------------------------------------------------------------
# The chapters' Exercises sections (parsed from the MyST sources)
# ---------------------------------------------------------------------------------------------
def _numbered_chapters() -> list[str]:
    """Chapter files in the order Sphinx numbers them (numbered parts, continuous numbering).

    ``_config.yml`` sets ``use_multitoc_numbering: true``: numbering runs on across the numbered
    parts of ``_toc.yml`` (``The model`` 1-7, then ``Evidence and limits`` 8, 9).
    """
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    assert config["html"]["use_multitoc_numbering"] is True
    files = []
    for part in toc["parts"]:
        if part.get("numbered"):
            files.extend(chapter["file"] for chapter in part["chapters"])
    return files


NUMBERED = _numbered_chapters()
CHAPTERS = [f for f in NUMBERED if f.startswith("notebooks/")]
_EXERCISE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{exercise\}(?P<title>.*)\n:label: (?P<label>\S+)\n",
                       re.M)


def _exercises(chapter: str) -> list[dict]:
    """Exercises of a chapter in source order: number, label, title and body text."""
    text = (ROOT / f"{chapter}.md").read_text(encoding="utf8")
    number = NUMBERED.index(chapter) + 1
    found = []
    for i, match in enumerate(_EXERCISE.finditer(text), start=1):
        fence = match.group("fence")
        end = text.index("\n" + fence + "\n", match.end() - 1)
        found.append({"number": f"{number}.{i}", "label": match.group("label"),
                      "title": match.group("title").strip(), "body": text[match.end():end],
                      "text": text})
    return found


def test_the_numbered_chapters_are_the_nine_known_ones():
    assert len(CHAPTERS) >= 9


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_five_marked_exercises_with_solutions(chapter):
    found = _exercises(chapter)
    assert len(found) >= MIN_EXERCISES, f"{chapter}: {len(found)} exercises"
    text = found[0]["text"]
    for ex in found:
        assert ex["title"].startswith(tuple(m + " · " for m in MARKS)), (chapter, ex["title"])
        label = re.escape(ex["label"])
        assert re.search(r"\{solution(-start)?\} " + label + r"\n", text), (chapter, ex["label"])
    marks = {ex["title"].split(" · ")[0] for ex in found}
    assert "★ warm-up" in marks and "★★★ challenge" in marks, (chapter, marks)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_a_checkable_exercise_with_the_number_the_reader_sees(chapter):
    registry = {number: desc for number, desc in exercises.checkable().items()}
    found = _exercises(chapter)
    calls = [(ex, m) for ex in found
             for m in re.findall(r'exercises\.check\("([^"]+)"', ex["body"])]
    assert calls, f"{chapter} has no exercise that tells the student to call exercises.check"
    for ex, number in calls:
        assert number == ex["number"], (
            f"{ex['label']} is Exercise {ex['number']} in the book but tells the reader to call "
            f"check({number!r}, ...): renumber it in the text and in meekbook/checks/exercises.py")
        assert number in registry
        assert exercises._BY_NUMBER[number].label == ex["label"]


def test_every_registered_exercise_exists_in_the_book():
    by_label = {ex["label"]: ex for chapter in CHAPTERS for ex in _exercises(chapter)}
    for entry in exercises._CHECKABLE:
        assert entry.label in by_label, entry.label
        assert by_label[entry.label]["number"] == entry.number, entry.label
