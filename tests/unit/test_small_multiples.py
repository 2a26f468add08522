"""meekbook.plots.small_multiples: one chart at a few settings, one titled row each."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from meekbook.plots.small_multiples import small_multiples  # noqa: E402


def _toy():
    """A figure factory that records each update and draws a line of slope ``k``."""
    calls = []

    def make():
        fig, ax = plt.subplots(figsize=(2, 1))
        (line,) = ax.plot([0, 1], [0, 0])
        ax.set_ylim(0, 10)

        def update(k, c):
            calls.append((k, c))
            line.set_ydata([c, c + k])
        update(1, 0)
        return fig, update
    return make, calls


SETTINGS = [("default", {}), ("steep: k = 9", {"k": 9}), ("raised", {"c": 5})]


def test_each_setting_is_one_titled_row_and_updates_from_the_base():
    make, calls = _toy()
    fig = small_multiples(make, {"k": 1, "c": 0}, SETTINGS, dpi=60)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["(a) default", "(b) steep: k = 9", "(c) raised"]
    # every setting changes only what it names; the rest stays at the base values
    assert [c for c in calls if c != (1, 0)] == [(9, 0), (1, 5)]
    images = [ax.get_images()[0].get_array() for ax in fig.axes]
    assert images[0].shape == images[1].shape
    assert (images[0] != images[1]).any() and (images[1] != images[2]).any()
    plt.close(fig)


@pytest.mark.parametrize("settings, match", [
    (SETTINGS[:2], "3 or 4"),
    (SETTINGS + SETTINGS[:2], "3 or 4"),
    ([("x", {"speed": 2})] + SETTINGS[:2], "speed"),
])
def test_bad_settings_are_refused(settings, match):
    make, _ = _toy()
    with pytest.raises(ValueError, match=match):
        small_multiples(make, {"k": 1, "c": 0}, settings)


def test_bad_dpi_and_factory_are_refused():
    make, _ = _toy()
    with pytest.raises(ValueError, match="dpi"):
        small_multiples(make, {"k": 1, "c": 0}, SETTINGS, dpi=10)
    with pytest.raises(TypeError, match="make_figure"):
        small_multiples("not a function", {"k": 1, "c": 0}, SETTINGS)
