"""scripts/sync_notebooks.py writes goldens that do not depend on how output was split in time."""

from __future__ import annotations

import json

from support import load_script  # noqa: E402

sync = load_script("sync_notebooks")


def test_consecutive_prints_of_one_stream_become_one_output():
    outputs = [
        {"output_type": "stream", "name": "stdout", "text": "a\n"},
        {"output_type": "stream", "name": "stdout", "text": ["b\n", "c\n"]},
        {"output_type": "stream", "name": "stderr", "text": "warn\n"},
        {"output_type": "execute_result", "data": {"text/plain": "1"}, "metadata": {},
         "execution_count": 1},
        {"output_type": "stream", "name": "stdout", "text": "d\n"},
    ]
    merged = sync.merge_streams(outputs)
    assert [o.get("name", o["output_type"]) for o in merged] == ["stdout", "stderr", "execute_result",
                                                                 "stdout"]
    assert merged[0]["text"] == "a\nb\nc\n"
    assert merged[3]["text"] == "d\n"


def test_committed_goldens_have_no_split_streams():
    pages = sync.executed_pages()
    assert len(pages) >= 13, pages
    for doc in pages:
        nb = json.loads(sync.ipynb_path(doc).read_text(encoding="utf8"))
        for i, cell in enumerate(nb["cells"]):
            outs = cell.get("outputs", [])
            for a, b in zip(outs, outs[1:]):
                split = (a["output_type"] == b["output_type"] == "stream"
                         and a["name"] == b["name"])
                assert not split, f"{doc}: cell {i} has its {a['name']} split in two outputs"
