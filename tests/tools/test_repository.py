"""One repository-URL rule (scripts/repository.py) for set_repository.py, check_launch.py and
the book's publishing extension."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from support import ROOT  # noqa: E402


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


repository = _load(ROOT / "scripts" / "repository.py", "repository_under_test")
set_repository = _load(ROOT / "scripts" / "set_repository.py", "set_repository")
check_launch = _load(ROOT / "scripts" / "check_launch.py", "check_launch")
publish = _load(ROOT / "book" / "_ext" / "meekbook_publish.py", "meekbook_publish")

GOOD = [
    ("https://github.com/owner/repo", "https://github.com/owner/repo"),
    ("https://github.com/owner/repo/", "https://github.com/owner/repo"),
    ("https://github.com/owner/repo.git", "https://github.com/owner/repo"),
    ("  https://gitlab.com/o-1/r_2.x  ", "https://gitlab.com/o-1/r_2.x"),
]
BAD = ["", "not-a-url", "http://github.com/o/r", "https://github.com/o", "https://github.com/o/r/x",
       "https://example.com/o/r", "https://github.com/o/r?x=1", "git@github.com:o/r.git",
       "https://github.com/o w/r"]


@pytest.mark.parametrize("given, expected", GOOD)
def test_accepted_urls(given, expected):
    assert repository.checked(given) == expected
    assert publish.repository_url({"MEEKBOOK_REPOSITORY_URL": given}) == expected


@pytest.mark.parametrize("given", BAD)
def test_rejected_urls(given):
    with pytest.raises(ValueError):
        repository.checked(given)
    if given:
        with pytest.raises(ValueError):
            publish.repository_url({"MEEKBOOK_REPOSITORY_URL": given})


@pytest.mark.parametrize("given", BAD)
def test_set_repository_refuses_what_the_rule_refuses(given, capsys):
    assert set_repository.main([given]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: "), err


def test_install_url_and_its_replacement():
    cell = 'subprocess.check_call(["pip", "install", "meekbook[notebook] @ git+https://github.com/o/r"])'
    assert repository.install_url(cell) == "https://github.com/o/r"
    new, count = repository.replace_install_target(cell, "file:///tmp/m.whl")
    assert count == 1
    assert new == 'subprocess.check_call(["pip", "install", "meekbook[notebook] @ file:///tmp/m.whl"])'
    assert repository.install_url("pip install meekbook") is None


def test_the_three_users_share_the_rule():
    for module in (set_repository, check_launch, publish):
        assert module.repository.__file__ == str(ROOT / "scripts" / "repository.py"), module
        for name in ("INSTALL_URL", "_VALID", "_URL"):
            assert not hasattr(module, name), f"{module.__name__} has its own {name}"


def test_install_urls_of_the_chapters_agree_between_users():
    by_script = set_repository.current_urls()
    by_extension = publish.install_urls(ROOT / "notebooks")
    assert by_script == by_extension


# --------------------------------------------------------------------------------------------
# Release pins
# --------------------------------------------------------------------------------------------
def test_install_ref_is_the_part_after_the_repository():
    cell = '"meekbook[notebook] @ git+https://github.com/o/r@v1.2.3"'
    assert repository.install_url(cell) == "https://github.com/o/r"
    assert repository.install_ref(cell) == "v1.2.3"
    assert repository.install_ref('"meekbook[notebook] @ git+https://github.com/o/r"') is None
    new, count = repository.replace_install_target(cell, "git+https://github.com/p/q@0123abc")
    assert (new, count) == ('"meekbook[notebook] @ git+https://github.com/p/q@0123abc"', 1)


def test_package_version_is_meekbooks_own():
    import meekbook

    assert repository.package_version() == meekbook.__version__


@pytest.mark.parametrize("version, tag, folder", [("0.3.0", "v0.3.0", "v0.3"),
                                                  ("1.12.7", "v1.12.7", "v1.12"),
                                                  ("2.0.0rc1", "v2.0.0rc1", "v2.0")])
def test_release_tag_and_edition_folder(version, tag, folder):
    assert repository.release_tag(version) == tag
    assert repository.edition_folder(tag) == folder


@pytest.mark.parametrize("bad", ["", "0.3", "v0.3.0", "0.3.0.1", "latest", "0.3.x"])
def test_release_tag_refuses_what_is_not_a_version(bad):
    with pytest.raises(ValueError, match="version must be X.Y.Z"):
        repository.release_tag(bad)


@pytest.mark.parametrize("bad", ["0.3.0", "v0.3", "main", "v0.3.0/x"])
def test_edition_folder_refuses_what_is_not_a_release_tag(bad):
    with pytest.raises(ValueError, match="tag must be a release tag"):
        repository.edition_folder(bad)


def test_every_chapter_pins_the_release_of_the_package_version():
    import meekbook

    refs = set_repository.current_refs()
    assert refs and set(refs.values()) == {f"v{meekbook.__version__}"}, \
        f"run: python scripts/set_repository.py URL  ({refs})"
