"""The deployment workflow (.github/workflows/pages.yml): lint (scripts/lint_workflows.sh:
schema, actionlint, zizmor) and what it runs."""

from __future__ import annotations

import re
import subprocess

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
