"""The paper's model: parameters, scaling law, investment schedules, the loss gap and what
follows from it (peak time, benchmark scores, tokens to tell two models apart, inference at a
fixed price, stagnation scenarios, compute thresholds).

This layer imports only :mod:`meekbook.validation`; every other layer builds on it. Modules by
topic, in the order of the book's chapters:

- :mod:`~meekbook.model.params` -- :class:`PaperParams`, the paper's constants with sources
- :mod:`~meekbook.model.scaling` -- Chinchilla ``L(N, D)``, compute-optimal allocation, ``L*(C)``
- :mod:`~meekbook.model.schedules` -- investment schedules (dollars over time)
- :mod:`~meekbook.model.gap` -- effective compute, loss trajectories, the loss gap ``ΔL(t)``
- :mod:`~meekbook.model.inflection` -- peak time ``t*`` (closed form) and numeric cross-check
- :mod:`~meekbook.model.sigmoid` -- loss -> benchmark score, its inverse and fit
- :mod:`~meekbook.model.scores` -- benchmark-score gap over time
- :mod:`~meekbook.model.sprt` -- Wald's SPRT token threshold and a Monte Carlo check
- :mod:`~meekbook.model.inference` -- the fixed-price-per-token inference model
- :mod:`~meekbook.model.scenarios` -- stagnation scenarios and robustness sweeps
- :mod:`~meekbook.model.governance` -- compute thresholds and calendar years
"""
