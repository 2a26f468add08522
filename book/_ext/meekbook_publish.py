"""Publishing settings of the meekbook book (loaded from ``_config.yml``).

One setting carries the repository into the book: the environment variable
``MEEKBOOK_REPOSITORY_URL`` (for example ``https://github.com/OWNER/meekbook``; the GitHub Pages
workflow sets it to the repository it runs in). Optional: ``MEEKBOOK_REPOSITORY_BRANCH``
(default ``main``).

* **Unset** (a local build, a fork that has not configured anything): the book shows no
  repository, issue, edit or launch button at all, so it has no link to a repository that may
  not exist.
* **Set**: the header has a repository and an issue button carrying that URL, and every
  *chapter* page (``notebooks/NAME``, built from its golden ``NAME.ipynb``) has Binder and Colab
  launch buttons that open the golden notebook. Other pages (the ledger, the data page) get no
  launch buttons.

Downloads and editions (each optional; unset, the page shows nothing of it, so a local build has
no dead link):

* every page built from a notebook (the chapters, from their golden ``notebooks/NAME.ipynb``) offers
  that executed notebook in its download menu, copied next to the page as ``NAME.ipynb``; when the
  repository is set, its install cell pins the commit or release tag the site was built from
  (``MEEKBOOK_REPOSITORY_REF``, default the tag of ``meekbook.__version__``);
* ``MEEKBOOK_PDF`` (path of the whole-book PDF, ``_build/pdf/meekbook.pdf``): the PDF is copied to
  ``<html>/meekbook.pdf``, the header of every page links to it, and the ``meekbook_pdf`` tag
  shows the intro's ``{only} meekbook_pdf`` paragraph;
* ``MEEKBOOK_SITE_URL`` (the published site's address, e.g. ``https://OWNER.github.io/meekbook``):
  a version switcher reading ``<site>/versions.json`` (``scripts/site_bundle.py`` writes it), and
  the ``meekbook_site`` tag shows the intro's paragraph on the student edition and release copies;
  ``MEEKBOOK_SITE_VERSION`` names the edition being built (``latest``, the default, or ``vX.Y``).

For the PDF (LaTeX builder) it also

* numbers chapters as the HTML does: pages outside a numbered part (front page, course guide,
  ledger, ...) become unnumbered chapters and every numbered chapter gets the number Sphinx gave
  it, so "Chapter 3", "Figure 3.2", "(3.1)" and "Exercise 3.4" agree (LaTeX would otherwise count
  every page as a chapter);
* leaves out cells tagged ``html-only`` (live widgets, in-browser charts).

Jupyter Book 1 turns ``_config.yml`` into ``html_theme_options``; setting
``sphinx.config.html_theme_options`` there would replace them. This extension adjusts the
generated options on ``config-inited`` instead.

Colab runs a chapter's first cell, which installs ``meekbook[notebook]`` from the repository URL
written in that cell (``scripts/set_repository.py URL`` rewrites it in every chapter). When the
book is published from a different repository than the cells install from, the Colab buttons
would install someone else's package: the build then emits a warning (fatal under ``-W``) that
says which command fixes it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import repository  # noqa: E402  (scripts/repository.py: the repository-URL rule)

logger = logging.getLogger(__name__)

#: Environment variables read by this extension.
URL_VARIABLE = "MEEKBOOK_REPOSITORY_URL"
BRANCH_VARIABLE = "MEEKBOOK_REPOSITORY_BRANCH"
REF_VARIABLE = "MEEKBOOK_REPOSITORY_REF"
PDF_VARIABLE = "MEEKBOOK_PDF"
SITE_URL_VARIABLE = "MEEKBOOK_SITE_URL"
SITE_VERSION_VARIABLE = "MEEKBOOK_SITE_VERSION"
#: Name of the whole-book PDF in the site; the Sphinx tag set when it is there.
PDF_NAME = "meekbook.pdf"
PDF_TAG = "meekbook_pdf"
#: The Sphinx tag set when the site is published (``MEEKBOOK_SITE_URL``): the intro's
#: ``{only} meekbook_site`` paragraph names the student edition and the release copies.
SITE_TAG = "meekbook_site"
#: The Sphinx tag set when the repository is set: pages may then speak of the launch buttons.
REPOSITORY_TAG = "meekbook_repository"
#: The version switcher's list of editions, at the root of the published site.
SWITCHER_JSON = "versions.json"

BINDERHUB_URL = "https://mybinder.org"
COLAB_URL = "https://colab.research.google.com"


def repository_url(environ: dict[str, str] | None = None) -> str | None:
    """The repository URL from ``MEEKBOOK_REPOSITORY_URL``, or None when unset or empty.

    Parameters
    ----------
    environ : dict, optional
        Environment to read (default ``os.environ``).

    Returns
    -------
    str or None
        The URL without a trailing slash or ``.git``.

    Raises
    ------
    ValueError
        If the variable is set to something that is not ``https://github.com/OWNER/REPO`` (or
        gitlab.com): launch links built from it would be dead.
    """
    env = os.environ if environ is None else environ
    url = repository.normalise(env.get(URL_VARIABLE, ""))
    if not url:
        return None
    try:
        return repository.checked(url)
    except ValueError:
        raise ValueError(
            f"{URL_VARIABLE}={url!r} is not a repository URL; expected "
            "https://github.com/OWNER/REPO (or https://gitlab.com/OWNER/REPO), or unset it"
        ) from None


def theme_options(options: dict[str, Any], url: str | None, branch: str) -> dict[str, Any]:
    """Return ``html_theme_options`` with the repository and launch settings for ``url``.

    Parameters
    ----------
    options : dict
        The options Jupyter Book generated from ``_config.yml`` (not modified).
    url : str or None
        The repository URL; None removes every repository and launch button.
    branch : str
        The branch launch links open.

    Returns
    -------
    dict
        A new options dictionary.
    """
    out = dict(options)
    for key in ("repository_url", "repository_branch", "path_to_docs", "launch_buttons"):
        out.pop(key, None)
    out["use_edit_page_button"] = False
    out["use_source_button"] = False
    if url is None:
        out["use_repository_button"] = False
        out["use_issues_button"] = False
        out["launch_buttons"] = {}
        return out
    out.update(
        repository_url=url,
        repository_branch=branch,
        path_to_docs="",
        use_repository_button=True,
        use_issues_button=True,
        launch_buttons={
            "notebook_interface": "jupyterlab",
            "binderhub_url": BINDERHUB_URL,
            "colab_url": COLAB_URL if url.startswith("https://github.com/") else "",
        },
    )
    return out


def install_urls(notebooks: Path) -> dict[str, str | None]:
    """The URL each chapter's install cell installs from (None: no install cell found).

    Parameters
    ----------
    notebooks : Path
        The folder of the chapter sources (``notebooks/``).

    Returns
    -------
    dict
        ``{chapter name: URL or None}`` for every ``NAME.md`` with a golden ``NAME.ipynb``.
    """
    out: dict[str, str | None] = {}
    for md in sorted(notebooks.glob("*.md")):
        if not md.with_suffix(".ipynb").exists():
            continue
        out[md.stem] = repository.install_url(md.read_text(encoding="utf8"))
    return out


def switcher_options(options: dict[str, Any], site_url: str | None,
                     version: str) -> dict[str, Any]:
    """Return ``html_theme_options`` with the version switcher for ``site_url`` (None: none).

    Parameters
    ----------
    options : dict
        Theme options (not modified).
    site_url : str or None
        The published site's address; the switcher reads ``SITE/versions.json``.
    version : str
        The edition being built: ``latest`` or ``vX.Y``.

    Returns
    -------
    dict
        A new options dictionary. The theme never fetches the list during the build
        (``check_switcher`` off: the build is offline). The switcher itself goes into the left
        sidebar (:data:`SIDEBAR_WITH_SWITCHER`): in the article header it pushed the buttons down.
    """
    out = dict(options)
    if not site_url:
        return out
    if version != "latest":
        repository.edition_folder(version + ".0")        # ValueError unless vX.Y
    out["switcher"] = {"json_url": f"{site_url.rstrip('/')}/{SWITCHER_JSON}",
                       "version_match": version}
    out["check_switcher"] = False
    return out


#: The left sidebar with the version switcher under the book's title (the theme's default list,
#: sphinx-book-theme's ``theme.conf``, plus the switcher).
SIDEBAR_WITH_SWITCHER = ["navbar-logo.html", "version-switcher.html", "icon-links.html",
                         "search-button-field.html", "sbt-sidebar-nav.html"]


def pdf_path(environ: dict[str, str] | None = None) -> Path | None:
    """The whole-book PDF named by ``MEEKBOOK_PDF`` if that file exists, else None.

    Raises
    ------
    ValueError
        If the variable names a file that does not exist (a deployment would link a dead PDF).
    """
    env = os.environ if environ is None else environ
    value = env.get(PDF_VARIABLE, "").strip()
    if not value:
        return None
    path = Path(value).resolve()
    if not path.is_file():
        raise ValueError(f"{PDF_VARIABLE}={value!r}: no such file; build it first "
                         "(bash scripts/pdf.sh) or unset the variable")
    return path


def _config_inited(app: Sphinx, config: Config) -> None:
    try:
        url = repository_url()
    except ValueError as exc:
        logger.warning(str(exc), type="meekbook", subtype="publish")
        url = None
    branch = os.environ.get(BRANCH_VARIABLE, "").strip() or "main"
    config.html_theme_options = theme_options(config.html_theme_options or {}, url, branch)
    if url is not None:
        app.tags.add(REPOSITORY_TAG)
    version = os.environ.get(SITE_VERSION_VARIABLE, "").strip() or "latest"
    site_url = os.environ.get(SITE_URL_VARIABLE, "").strip() or None
    try:
        config.html_theme_options = switcher_options(config.html_theme_options, site_url, version)
        if site_url:
            app.tags.add(SITE_TAG)
            config.html_sidebars = {"**": SIDEBAR_WITH_SWITCHER}
        pdf = pdf_path()
    except ValueError as exc:
        logger.warning(str(exc), type="meekbook", subtype="publish")
        pdf = None
    app.meekbook_pdf = pdf                                  # type: ignore[attr-defined]
    if pdf is not None:
        app.tags.add(PDF_TAG)
    if url is None:
        logger.info(f"[meekbook] {URL_VARIABLE} unset: no repository or launch buttons")
        return
    logger.info(f"[meekbook] repository and launch buttons for {url} ({branch})")
    if not url.startswith("https://github.com/"):
        return
    for name, installs in install_urls(Path(app.srcdir) / "notebooks").items():
        if installs != url:
            logger.warning(
                f"notebooks/{name}.md: its install cell installs meekbook from {installs}, but "
                f"the book is published from {url}; Colab would install another repository. "
                f"Run: python scripts/set_repository.py {url}",
                type="meekbook", subtype="publish",
            )


def _launch_buttons_only_on_chapters(app: Sphinx, pagename: str, templatename: str,
                                     context: dict[str, Any], doctree: Any) -> None:
    """Drop the launch-button group from every page but the chapters (``notebooks/NAME``, built
    from their golden ``.ipynb``, which the buttons open). The prose pages that compute (ledger,
    data) are built from goldens too, but those are not meant to be launched."""
    if pagename not in app.env.all_docs:
        return
    source = Path(app.env.doc2path(pagename))
    if pagename.startswith("notebooks/") and source.suffix == ".ipynb":
        return
    buttons = context.get("header_buttons")
    if buttons:
        context["header_buttons"] = [b for b in buttons if b.get("label") != "launch-buttons"]


def _thebe_on(app: Sphinx) -> bool:
    return bool(app.config.html_theme_options.get("launch_buttons", {}).get("thebe"))


def _thebe_script(script: Any) -> bool:
    """True for sphinx-thebe's scripts: its inline configuration and ``sphinx-thebe.js``."""
    filename = str(getattr(script, "filename", script) or "")
    body = getattr(script, "attributes", {}).get("body", "")
    return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body


def _no_thebe_assets(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: Any) -> None:
    """Leave sphinx-thebe's scripts and style sheet out of every page while Thebe is off.

    Jupyter Book always loads sphinx-thebe, even with ``launch_buttons: thebe: false`` (this
    book: the chapters run in Binder, Colab or a local JupyterLab). Its inline configuration
    was on every page twice, so the second ``const THEBE_JS_URL`` threw a SyntaxError in the
    console, and it named a script on a CDN that the page never loads.
    """
    if _thebe_on(app):
        return
    if context.get("script_files"):
        context["script_files"] = [s for s in context["script_files"] if not _thebe_script(s)]
    if context.get("css_files"):
        context["css_files"] = [c for c in context["css_files"]
                                if not str(getattr(c, "filename", c)).endswith("sphinx-thebe.css")]


def _no_thebe_config(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove the Thebe configuration sphinx-thebe appends to every page while Thebe is off (it
    named an unrelated example repository, binder-examples/jupyter-stacks-datascience)."""
    if _thebe_on(app):
        return
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "text/x-thebe-config" in text or text.startswith("<script>kernelName = "):
            node.parent.remove(node)


#: Cell tag for output that only makes sense in the HTML page (dropped from the PDF).
HTML_ONLY_TAG = "html-only"


def _raw_latex(text: str) -> nodes.raw:
    return nodes.raw("", text + "\n", format="latex")


def _latex_edition(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """LaTeX only: chapter numbers as in the HTML; no html-only cells."""
    if app.builder.format != "latex":
        return
    for cell in list(doctree.findall(nodes.container)):
        if f"tag_{HTML_ONLY_TAG}" in cell.get("classes", []) and cell.parent is not None:
            cell.parent.remove(cell)
    # sphinx-proof labels a proposition with the docname of the section whose `names` hold the
    # page title in lower case; a title with an apostrophe (smart-quoted in env.titles) never
    # matches, the label becomes "None:..." and every {prf:ref} to it is broken in the PDF
    for section in doctree.findall(nodes.section):
        docname = section.get("docname")
        if docname and docname in app.env.titles:
            title = app.env.titles[docname].astext().lower()
            if title not in section["names"]:
                section["names"].append(title)
    numbers = app.env.toc_secnumbers
    for start in list(doctree.findall(addnodes.start_of_file)):
        number = numbers.get(start["docname"], {}).get("")
        if number:
            start.insert(0, _raw_latex("\\setcounter{secnumdepth}{2}"
                                       f"\\setcounter{{chapter}}{{{number[0] - 1}}}"))
        else:
            start.insert(0, _raw_latex("\\setcounter{secnumdepth}{-1}"))
    doctree.insert(0, _raw_latex("\\setcounter{secnumdepth}{-1}"))


def download_ref(environ: dict[str, str] | None = None) -> str:
    """What a downloaded notebook's install cell pins: ``MEEKBOOK_REPOSITORY_REF`` (the commit or
    tag the site is built from) or, unset, the release tag of ``meekbook.__version__``."""
    env = os.environ if environ is None else environ
    ref = env.get(REF_VARIABLE, "").strip()
    if ref:
        return ref
    import meekbook     # the package the pages were executed with (the student edition's copy
                        # of the sources has no meekbook/ folder to read the version from)

    return repository.release_tag(meekbook.__version__)


def download_notebook(source: Path, dest: Path, url: str | None, ref: str) -> None:
    """Write the notebook ``source`` to ``dest`` for download.

    With a repository ``url``, every install requirement installs ``git+URL@REF``; without one
    the notebook is copied unchanged (its install cell pins the release it was executed with).
    """
    text = source.read_text(encoding="utf8")
    if url is not None:
        nb = json.loads(text)
        for cell in nb.get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            new, count = repository.replace_install_target(src, f"git+{url}@{ref}")
            if count:
                cell["source"] = new.splitlines(keepends=True)
        text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf8")


def download_buttons(buttons: list[dict[str, Any]], notebook_url: str | None,
                     pdf_url: str | None) -> list[dict[str, Any]]:
    """The page's header buttons with the executed notebook and the whole-book PDF added.

    Parameters
    ----------
    buttons : list of dict
        The theme's header buttons (not modified).
    notebook_url : str or None
        Relative URL of the page's executed ``.ipynb`` (None: the page is not a notebook).
    pdf_url : str or None
        Relative URL of the whole-book PDF (None: not in this site).

    Returns
    -------
    list of dict
        New buttons: in the download menu the theme's copies of the page source are replaced by
        ``notebook_url`` and ``pdf_url`` is added; ``pdf_url`` also gets a button of its own.
    """
    out = []
    for button in buttons:
        if button.get("label") == "download-buttons":
            items = [b for b in button.get("buttons", [])
                     if notebook_url is None or b.get("label") not in
                     ("download-notebook-button", "download-source-button")]
            if notebook_url:
                items.insert(0, {"type": "link", "url": notebook_url, "text": ".ipynb",
                                 "icon": "fas fa-code", "label": "download-notebook-button",
                                 "tooltip": "Download this chapter as an executed notebook"})
            if pdf_url:
                items.append({"type": "link", "url": pdf_url, "text": "book .pdf",
                              "icon": "fas fa-book", "label": "download-book-pdf-button",
                              "tooltip": "Download the whole book as a PDF"})
            button = dict(button, buttons=items)
        out.append(button)
    if pdf_url:
        out.insert(0, {"type": "link", "url": pdf_url, "icon": "fas fa-file-pdf",
                       "label": "book-pdf-button", "tooltip": "The whole book as a PDF"})
    return out


def _downloads(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: Any) -> None:
    """Executed notebook and whole-book PDF in the page's download menu (files copied in)."""
    if app.builder.format != "html" or pagename not in app.env.all_docs:
        return
    source = Path(app.env.doc2path(pagename))
    pathto = context["pathto"]
    notebook_url = None
    if source.suffix == ".ipynb":
        try:
            url = repository_url()
        except ValueError:
            url = None
        download_notebook(source, Path(app.outdir) / f"{pagename}.ipynb", url, download_ref())
        notebook_url = pathto(f"{pagename}.ipynb", 1)
    pdf = getattr(app, "meekbook_pdf", None)
    pdf_url = pathto(PDF_NAME, 1) if pdf is not None else None
    if context.get("header_buttons") is not None:
        context["header_buttons"] = download_buttons(context["header_buttons"], notebook_url,
                                                     pdf_url)


def _copy_pdf(app: Sphinx, exception: Exception | None) -> None:
    pdf = getattr(app, "meekbook_pdf", None)
    if exception is None and pdf is not None and app.builder.format == "html":
        shutil.copyfile(pdf, Path(app.outdir) / PDF_NAME)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", _latex_edition)
    app.connect("html-page-context", _downloads, priority=610)
    app.connect("build-finished", _copy_pdf)
    app.connect("config-inited", _config_inited, priority=900)
    # sphinx-book-theme adds launch buttons at priority 501; run after it
    app.connect("html-page-context", _launch_buttons_only_on_chapters, priority=600)
    app.connect("html-page-context", _no_thebe_assets, priority=600)
    app.connect("doctree-resolved", _no_thebe_config, priority=900)   # after sphinx-thebe's
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
