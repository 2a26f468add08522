"""The paper's empirical checks: the validating CSV reader, the packaged data sets with their
schemas (``data/``), and the two analyses that run on anyone's table.

- :mod:`~meekbook.empirical.csv_text` -- reading a CSV file's text (size limits, encodings)
- :mod:`~meekbook.empirical.cells` -- parsing one cell; a score column as fractions or percent
- :mod:`~meekbook.empirical.tables` -- the CSV reader: schemas, one clear error per bad cell
- :mod:`~meekbook.empirical.datasets` -- the packaged base models and leaderboard, their schemas
- :mod:`~meekbook.empirical.sigmoid_fit` -- loss -> MMLU sigmoid fitted on base models (Fig. 2)
- :mod:`~meekbook.empirical.leaderboard` -- score and date columns, evaluators, one evaluator's rows
- :mod:`~meekbook.empirical.rates` -- the fitted rate at which a gap shrinks
- :mod:`~meekbook.empirical.frontier` -- frontier vs. price/size band gap on a leaderboard (Fig. 5)

Builds on :mod:`meekbook.model`; imports pandas.
"""
