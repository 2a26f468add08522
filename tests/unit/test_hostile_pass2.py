"""The second hostile pass (issue 19): one test per class of failure found, fixed at its root.

Classes: hangs, memory, tracebacks, silent wrong answers, unclear errors, and the write path of
``figures``. Expected values come from the contract (README, "Error contract"; the type
contract in :mod:`meekbook.validation`) and from independent facts (a constant series has slope
0 and no scatter), never from the code under test. Cases that could hang if they regressed run
in a subprocess with a timeout (a guard, not a timing).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import meekbook as mb
from meekbook import uncertainty as unc
from meekbook.checks import exercises
from meekbook.cli import main
from meekbook.empirical import cells
from meekbook.model import governance
from meekbook.notebook.glue import rounded
from meekbook.validation import MAX_SAMPLES, NUMBER_GRAMMAR, parse_number_text

from support import ROOT  # noqa: E402

PY = [sys.executable, "-m", "meekbook"]


def run(args, timeout=120, **kw):
    return subprocess.run(PY + args, capture_output=True, text=True, cwd=ROOT, timeout=timeout, **kw)


def one_error(capsys, argv, *fragments):
    try:
        code = main(argv)
    except SystemExit as stop:  # usage errors exit from argparse
        code = stop.code
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for f in fragments:
        assert f in lines[0], lines[0]
    return lines[0]


def board(path, rows):
    path.write_text("model,release_date,output_price,params_b,mmlu_pro\n"
                    + "".join(f"{m},{d},{p},{n},{s}\n" for m, d, p, n, s in rows), encoding="utf8")
    return str(path)


BOARD = [(f"m{i}", f"2024-0{1 + i % 9}-1{i % 9}", f"{0.2 + i / 10:.2f}", 7 + i, f"{0.3 + i / 100:.2f}")
         for i in range(30)]


# --- hangs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["fit-sigmoid", "frontier-gap"])
def test_fifo_input_is_refused_before_it_is_opened(tmp_path, command):
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)  # nobody writes: open() would block forever
    p = run([command, str(fifo)], timeout=120)
    assert p.returncode == 2 and "FIFO" in p.stderr and "Traceback" not in p.stderr


def test_number_grammar_is_linear_and_prior_values_are_capped():
    # 200,000 digits then a non-digit: a backtracking pattern takes ~n^2 steps (a hang); a
    # linear one answers at once. Run apart so a regression fails by timeout, not by a stuck suite.
    code = ("from meekbook.validation import NUMBER_GRAMMAR as G; "
            "assert G.match('1' * 200000 + 'x') is None; assert G.match('1' * 200000)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, cwd=ROOT)
    with pytest.raises(ValueError, match="at most 100 characters"):
        parse_number_text("--prior", "1" * 32000)
    with pytest.raises(ValueError, match="--prior gamma"):
        unc.parse_prior("gamma=normal(" + "1" * 32000 + "x,1)")


# --- memory: every size bounded before allocation, the bound named ------------------------------


@pytest.mark.parametrize("call, name", [
    (lambda: unc.Normal(0, 1).sample(10**12), "n"),
    (lambda: unc.Fixed(0.1).sample(10**12), "n"),
    (lambda: unc.monte_carlo(draws=10**12), "draws"),
    (lambda: unc.model_sobol(base_samples=2**40), "base_samples"),
    (lambda: unc.SigmoidBootstrap(10**9), "n_bootstrap"),
    (lambda: unc.monte_carlo(draws=20, t_max=1e9), "t_max"),
])
def test_sizes_are_bounded_before_allocation(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must be .*(memory bound|grid)"):
        call()


def test_fan_grid_is_bounded():
    res = unc.monte_carlo(draws=50, outputs=("t_star",), seed=1)
    with pytest.raises(ValueError, match="memory bound"):
        unc.fan(res, np.zeros(2_000_000))  # 2e6 times x 50 draws > 2e7 cells


def test_cli_sobol_has_an_upper_bound(capsys):
    one_error(capsys, ["uncertainty", "--draws", "10", "--sobol", str(2**40)],
              "uncertainty:", "--sobol", "262,144")


def test_max_samples_matches_the_cli_draws_bound():
    from meekbook.cli.uncertainty import MAX_DRAWS
    assert MAX_SAMPLES == MAX_DRAWS


# --- tracebacks --------------------------------------------------------------------------------


def test_closed_stdout_is_an_output_problem_not_a_traceback():
    p = subprocess.run(f"{sys.executable} -m meekbook params >&-", shell=True, capture_output=True,
                       text=True, cwd=ROOT, timeout=120)
    assert "Traceback" not in p.stderr
    assert p.returncode == 2 and p.stderr.startswith("error: cannot write the output"), p.stderr


@pytest.mark.parametrize("call, exc, words", [
    (lambda: unc.Normal(10**400, 1), ValueError, ["mean"]),
    (lambda: exercises.check("2.1", 10**400), ValueError, ["answer"]),
    (lambda: mb.loss_gap(5.0, params="paper"), TypeError, ["params", "PaperParams"]),
    (lambda: unc.LogNormal.from_interval(1, 2, coverage=1e-320), ValueError, ["coverage"]),
    (lambda: unc.LogNormal.from_interval(1, 2, coverage=1 - 1e-17), ValueError, ["coverage"]),
])
def test_api_refuses_with_the_parameter_named(call, exc, words):
    with pytest.raises(exc) as info:
        call()
    for w in words:
        assert w in str(info.value)


def test_export_specs_refuses_a_file_as_outdir():
    from meekbook.web import export_specs
    with pytest.raises(ValueError, match="'/dev/null' exists and is not a folder"):
        export_specs("/dev/null")


# --- silent ------------------------------------------------------------------------------------


def test_fit_on_duplicated_rows_is_refused(tmp_path, capsys):
    rows = [(1e9, 2e10, 0.3), (7e9, 1.4e11, 0.45), (7e10, 1.4e12, 0.65)] * 4  # 3 distinct points
    f = tmp_path / "dup.csv"
    f.write_text("model,params,tokens,mmlu\n" + "".join(f"m{i},{p},{t},{s}\n" for i, (p, t, s) in enumerate(rows)))
    one_error(capsys, ["fit-sigmoid", str(f)], "fit-sigmoid:", "5 distinct", "got 3 distinct among 12")


@pytest.mark.parametrize("text", ["0_5", "\u0660.\u0665", "\uff11", "1e5_0", "inf", "nan", "0x10", " "])
def test_options_and_csv_cells_share_one_number_grammar(tmp_path, capsys, text):
    assert cells.PLAIN_NUMBER is NUMBER_GRAMMAR
    with pytest.raises(ValueError):
        cells.parse_number(text)
    one_error(capsys, ["frontier-gap", board(tmp_path / "b.csv", BOARD), "--price-min", text], "--price-min")


@pytest.mark.parametrize("argv, option", [
    (["uncertainty", "--draws", "1_000"], "--draws"),
    (["uncertainty", "--seed", "\u0661"], "--seed"),
    (["uncertainty", "--years", "1_0"], "--years"),
])
def test_integer_and_year_options_use_the_grammar(capsys, argv, option):
    one_error(capsys, argv, "uncertainty:", option)


def test_constant_gap_has_a_defined_rate(tmp_path, capsys):
    # every model is in the band: the gap is 0 at every date; a constant series has slope 0
    rows = [(f"m{i}", f"2024-0{i}-1{i}", "0.5", 7, f"0.3{i}") for i in range(1, 10)]
    assert main(["frontier-gap", board(tmp_path / "f.csv", rows), "--price-min", "0.1",
                 "--price-max", "1", "--json"]) == 0
    rate = json.loads(capsys.readouterr().out)["rate"]
    assert rate["rate"] == 0.0 and rate["ci"] == [0.0, 0.0] and rate["stderr"] == 0.0


def test_near_equal_years_are_refused(capsys):
    one_error(capsys, ["uncertainty", "--draws", "20", "--sobol", "0", "--years", "1.00000001", "1.00000002"],
              "--years", "same label")


@pytest.mark.parametrize("prior, name", [("gamma=-5", "gamma"), ("g_hardware=uniform(-3,-1)", "g_hardware"),
                                         ("g_investment=0.5", "g_investment")])
def test_priors_outside_the_domain_name_the_prior(capsys, prior, name):
    one_error(capsys, ["uncertainty", "--draws", "20", "--sobol", "0", "--prior", prior],
              f"prior for {name}", "domain")


@pytest.mark.parametrize("argv, fragment", [
    (["uncertainty", "--draws", "10", "--draws", "20"], "--draws given twice"),
    (["uncertainty", "--json", "--json", "--draws", "10"], "--json given twice"),
    (["uncertainty", "--draws", "10", "--sobol", "0", "--prior", "gamma=0.1", "--prior", "gamma=0.2"],
     "--prior gamma given twice"),
    (["figures", "x", "--format", "png", "--format", "svg"], "--format given twice"),
])
def test_repeated_options_are_refused(capsys, argv, fragment):
    one_error(capsys, argv, fragment)


def test_repeated_option_in_data_commands(tmp_path, capsys):
    one_error(capsys, ["frontier-gap", board(tmp_path / "b.csv", BOARD), "--price-min", "1", "--price-min", "2"],
              "frontier-gap:", "--price-min given twice")


@pytest.mark.parametrize("call", [
    lambda: governance.calendar_year(1e308, start_year=1e308),
    lambda: governance.model_time(-1e308, start_year=1e308),
    lambda: rounded(1.7e308, 1),  # rounds to 2e308: beyond the float range
    lambda: rounded(Fraction(10**400, 3)),
])
def test_overflow_to_infinity_is_an_error(call):
    with pytest.raises(ValueError, match="finite|overflow"):
        call()


BAD = [True, np.bool_(True), b"1", "3.5", None, 1 + 0j, np.datetime64("2020-01-01"),
       np.ma.masked_array([1.0, 2.0], mask=[0, 1])]
ENTRY = {
    "loss_gap(t)": lambda v: mb.loss_gap(v),
    "calendar_year(t)": lambda v: governance.calendar_year(v),
    "Normal(mean)": lambda v: unc.Normal(v, 1).sample(2),
    "check(answer)": lambda v: exercises.check("2.1", v),
    "PaperParams(g_hardware)": lambda v: mb.PaperParams(g_hardware=v),
    "resolve_priors(gamma)": lambda v: unc.resolve_priors({"gamma": v}),
}


@pytest.mark.parametrize("entry", list(ENTRY))
@pytest.mark.parametrize("value", BAD, ids=[type(v).__name__ for v in BAD])
def test_type_contract_refusals_are_consistent(entry, value):
    with pytest.raises(TypeError):
        ENTRY[entry](value)


@pytest.mark.parametrize("entry", list(ENTRY))
@pytest.mark.parametrize("value", [Decimal("0.2"), Fraction(1, 5)], ids=["Decimal", "Fraction"])
def test_type_contract_accepts_decimal_and_fraction(entry, value):
    if entry == "PaperParams(g_hardware)":
        value = value * 7  # 1.4: a growth rate > 1
    ENTRY[entry](value)


# --- unclear -----------------------------------------------------------------------------------


def test_unknown_score_column_names_the_choices(tmp_path, capsys):
    one_error(capsys, ["frontier-gap", board(tmp_path / "b.csv", BOARD), "--score", "shots"],
              "'shots'", "mmlu_pro")


@pytest.mark.parametrize("argv, prefix", [
    (["uncertainty", "--draws", "10", "--sobol", "0", "--prior", "gamma=beta(1,2)"], "error: uncertainty: "),
    (["uncertainty", "--draws", "0"], "error: uncertainty: "),
    (["figures", "/dev/null/x"], "error: figures: "),
])
def test_errors_carry_the_command_prefix(capsys, argv, prefix):
    assert one_error(capsys, argv).startswith(prefix)


def test_output_encoding_failure_is_an_output_problem(tmp_path):
    rows = [("mod\u00e8le-\u00e9", "2024-01-11", "0.5", 7, "0.99")] + BOARD  # the leader: printed
    p = run(["frontier-gap", board(tmp_path / "b.csv", rows), "--price-min", "0.1", "--price-max", "1"], env=dict(os.environ, PYTHONIOENCODING="ascii"))
    assert "Traceback" not in p.stderr
    assert p.returncode == 2 and "error: cannot write the output" in p.stderr and "encoding" in p.stderr


# --- figures: the write path -------------------------------------------------------------------


def test_figures_refuse_a_symlink_planted_in_outdir(tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "figure_1_loss_gap.png").symlink_to(victim)
    one_error(capsys, ["figures", str(out), "--format", "png"], "figures:", "symbolic link")
    assert victim.read_text() == "precious\n"
    assert sorted(p.name for p in out.iterdir()) == ["figure_1_loss_gap.png"]  # nothing else written


def test_atomic_write_replaces_a_link_planted_after_the_check(tmp_path):
    from meekbook.files import write_bytes_atomic
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    target = tmp_path / "f.png"
    write_bytes_atomic(target, b"one")
    assert target.read_bytes() == b"one"
    with pytest.raises(ValueError, match="symbolic link"):
        target.unlink()
        target.symlink_to(victim)
        write_bytes_atomic(target, b"two")
    assert victim.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --- security fixes already on main, pinned here ---------------------------------------------


def test_embedded_spec_has_no_raw_less_than_and_round_trips():
    from meekbook.web import embed

    hostile = {"title": "</script><!-- <script>alert(1)</script>", "mark": "point"}
    html = embed(hostile, "demo")
    start = html.index('-spec">') + len('-spec">')
    payload = html[start:html.index("</script>", start)]
    assert "<" not in payload
    title = json.loads(payload)["title"]          # compiled to Vega: {"text": ..., "frame": ...}
    assert (title["text"] if isinstance(title, dict) else title) == hostile["title"]  # \u003c decodes back to '<'


@pytest.mark.parametrize("outdir", ["", "   "])
def test_export_specs_refuses_an_empty_outdir(outdir):
    from meekbook.web import export_specs
    with pytest.raises(ValueError, match="outdir must name a folder"):
        export_specs(outdir)


def test_browser_checks_talk_to_devtools_over_a_pipe_not_a_port():
    source = (ROOT / "tests" / "book" / "chromium.py").read_text()
    assert "--remote-debugging-pipe" in source and "--remote-debugging-port" not in source


def test_export_specs_refuses_a_planted_symlink(tmp_path):
    from meekbook.web import export_specs
    from meekbook.web.embed import CHARTS

    first = next(iter(CHARTS.values()))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "specs"
    out.mkdir()
    (out / f"{first.chapter}-{first.name}.vl.json").symlink_to(victim)
    with pytest.raises(ValueError, match="symbolic link"):
        export_specs(out)
    assert victim.read_text() == "precious\n"
    assert [p.name for p in out.iterdir()] == [f"{first.chapter}-{first.name}.vl.json"]
