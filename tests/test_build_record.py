"""The build's record of a store version (graph/build_record.py): written by each build, read back; a missing or
damaged record reads as none (callers then count the store) instead of failing a health check."""

from __future__ import annotations

from pathlib import Path

from graph.build_record import RECORD, read_record, recorded_quads, write_record


def test_a_record_is_read_back_and_a_damaged_one_is_none(tmp_path: Path) -> None:
    write_record(tmp_path, 42)
    assert recorded_quads(tmp_path) == 42 and set(read_record(tmp_path)) == {"quads", "built"}
    for damaged in ("{not json", "[1, 2]", '{"quads": "many"}'):
        (tmp_path / RECORD).write_text(damaged, encoding="utf-8")
        assert recorded_quads(tmp_path) is None
    assert read_record(tmp_path / "absent") == {} and read_record(None) == {} and recorded_quads(None) is None
