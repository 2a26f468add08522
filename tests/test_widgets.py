"""The chapters' explorer: sliders drive an update function and the PNG is refreshed in place."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from numpy.testing import assert_allclose  # noqa: E402

import meekbook as mb  # noqa: E402
from meekbook.widgets import explorer, log_slider, slider  # noqa: E402


def test_explorer_updates_figure_from_sliders():
    t = np.linspace(0, 20, 101)
    fig, ax = plt.subplots()
    (line,) = ax.plot(t, mb.loss_gap(t))
    calls = []

    def update(g_i, budget):
        calls.append((g_i, budget))
        line.set_ydata(mb.loss_gap(t, mb.PaperParams(g_investment=g_i, budget_sota=budget)))

    box = explorer(fig, update, g_i=slider(3.5, 1.1, 20, 0.1, "g_i"), budget=log_slider(1e3, 1e3, 1e6, "budget"))
    assert calls == [(3.5, 1e3)]
    first_png = box.live.image.value
    assert first_png[:4] == b"\x89PNG"
    box.children[0].children[0].value = 10.0
    assert calls[-1] == (10.0, 1e3)
    assert_allclose(line.get_ydata(), mb.loss_gap(t, mb.PaperParams(g_investment=10.0)))
    assert box.live.image.value != first_png
    assert box.live.last_update_seconds > 0
