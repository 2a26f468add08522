"""Figure 2 is drawn as the paper draws it: loss axis inverted, scores from 0 to 1."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from meekbook.plots.figures import figure_2_sigmoid_fit  # noqa: E402


def test_figure_2_inverts_the_loss_axis_and_spans_scores_0_to_1():
    fig = figure_2_sigmoid_fit()
    ax = fig.axes[0]
    left, right = ax.get_xlim()
    assert left > right                       # high loss on the left, better models to the right
    assert ax.get_ylim() == pytest.approx((0.0, 1.0))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("paper" in label for label in labels) and any("chance" in label for label in labels)
    plt.close(fig)
