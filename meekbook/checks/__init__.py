"""Checking the paper and the reader: the reproduction ledger (every claim of the paper,
recomputed, with a verdict) and the exercises' self-check.

- :mod:`~meekbook.checks.ledger` -- the ledger (``python -m meekbook verify``)
- :mod:`~meekbook.checks.uncertainty_claims` -- ledger rows from the uncertainty Monte Carlo
- :mod:`~meekbook.checks.exercises` -- ``check("2.1", answer)`` for the chapters' exercises

Builds on :mod:`meekbook.uncertainty`, :mod:`meekbook.empirical` and :mod:`meekbook.model`.
"""
