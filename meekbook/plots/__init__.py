"""Every matplotlib figure of the package: the house style, the paper's figures, and the
figures of the governance chapter. Presentation layer: imports the layers below, never the
reverse.

- :mod:`~meekbook.plots.style` -- colours, line styles, rcParams (one style for every figure)
- :mod:`~meekbook.plots.figures` -- one function per paper figure, ``write_all``
- :mod:`~meekbook.plots.governance` -- compute thresholds by calendar year
"""
