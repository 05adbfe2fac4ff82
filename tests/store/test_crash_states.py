"""The crash-state explorer (benchmarks/crash_states.py) on a small budget: every
workload's crash states open and hold every acknowledged edit and no half edit; and the
explorer does find the states a store without its fsyncs would leave broken."""
import importlib.util
import sys

import pytest

from paths import ROOT
from desktop.fileio import FileSystem

_spec = importlib.util.spec_from_file_location("crash_states", ROOT / "benchmarks" / "crash_states.py")
crash_states = sys.modules["crash_states"] = importlib.util.module_from_spec(_spec)  # dataclasses look it up
_spec.loader.exec_module(crash_states)


@pytest.mark.parametrize("name", list(crash_states.WORKLOADS))
def test_every_crash_state_of_each_workload_opens_with_every_acknowledged_edit(name, tmp_path):
    result = crash_states.explore(crash_states.WORKLOADS[name], budget=60, work=tmp_path)
    assert result.violations == []
    assert result.points > 5 and result.states >= result.opened > 5


@pytest.mark.parametrize(
    "skipped, workload, found",
    [
        ("fsync", "compaction", "does not open"),  # renamed into place before its data is on disk
        ("fsync", "edit", "holds neither"),  # acknowledged before its line is on disk
        ("fsync_dir", "edit", "holds neither"),  # a new journal's name may never reach the disk
    ],
)
def test_the_explorer_finds_what_a_store_without_its_syncs_would_lose(monkeypatch, tmp_path, skipped, workload, found):
    monkeypatch.setattr(FileSystem, skipped, lambda self, target: None)
    result = crash_states.explore(crash_states.WORKLOADS[workload], budget=60, work=tmp_path)
    assert any(found in violation for violation in result.violations), result.violations[:3]
