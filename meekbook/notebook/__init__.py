"""What runs inside a chapter's kernel: :func:`~meekbook.notebook.glue.glue` (computed numbers
into the prose) and the ipywidgets explorers (need a live kernel; the static pages use the
in-page charts of :mod:`meekbook.web`). Presentation layer.

- :mod:`~meekbook.notebook.glue` -- ``glue(name, value)``, rounded numbers for the prose
- :mod:`~meekbook.notebook.widgets` -- slider and figure helpers for the explorers (sliders from
  the declared controls of :mod:`meekbook.model.controls`)
- :mod:`~meekbook.notebook.explorers` -- one explorer per chapter, gathered from
  :mod:`~meekbook.notebook.model_explorers` and :mod:`~meekbook.notebook.scenario_explorers`
"""
