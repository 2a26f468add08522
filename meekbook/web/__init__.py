"""In-page charts for the static HTML book: Vega-Lite figures whose sliders recompute the model
in the reader's browser, with no Python kernel. Presentation layer.

- :mod:`~meekbook.web.expressions` -- the model's closed forms as Vega expressions, one constant
  per formula, each next to the NumPy function it mirrors
- :mod:`~meekbook.web.vega` -- building blocks: sliders (from :mod:`meekbook.model.controls`),
  signals, axes, legends
- :mod:`~meekbook.web.charts` -- one chart per chapter of the model
- :mod:`~meekbook.web.data_charts` -- the charts of the empirical check and of governance
- :mod:`~meekbook.web.uncertainty` -- the distribution of t* with a width slider per prior
- :mod:`~meekbook.web.embed` -- the registry :data:`~meekbook.web.embed.CHARTS`, :func:`~meekbook.web.embed.show` / :func:`~meekbook.web.embed.embed`
  (vendored scripts, no CDN), :func:`~meekbook.web.embed.export_specs`

Examples
--------
>>> from meekbook.web import chart_spec
>>> sorted(p["name"] for p in chart_spec("loss_gap")["params"])[:2]
['K', 'budget_meek']
"""

from .charts import *  # noqa: F401,F403
from .charts import __all__ as _charts
from .data_charts import *  # noqa: F401,F403
from .data_charts import __all__ as _data_charts
from .embed import *  # noqa: F401,F403
from .embed import __all__ as _embed
from .expressions import *  # noqa: F401,F403
from .expressions import __all__ as _expressions
from .uncertainty import BROWSER_INPUTS, browser_base_samples, uncertainty_chart

__all__ = [*_expressions, *_charts, *_data_charts, *_embed, "BROWSER_INPUTS", "browser_base_samples",
           "uncertainty_chart"]
