import errno
import os
import stat

import pytest

from desktop.fileio import atomic_write, fs


def test_replaces_the_content_and_keeps_the_file_mode(tmp_path):
    target = tmp_path / "db.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_a_new_file_gets_the_mode_the_umask_allows_not_a_private_one(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        atomic_write(tmp_path / "export.csv", b"a,b\r\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "export.csv").stat().st_mode) == mode


def test_writing_through_a_symlink_updates_its_target(tmp_path):
    real = tmp_path / "real.json"
    real.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_a_symlink_loop_is_an_os_error_and_nothing_is_written(tmp_path):
    loop = tmp_path / "loop.json"
    loop.symlink_to(tmp_path / "other.json")
    (tmp_path / "other.json").symlink_to(loop)
    with pytest.raises(OSError) as raised:
        atomic_write(loop, b"new")
    assert raised.value.errno == errno.ELOOP
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop.json", "other.json"]


def test_on_macos_a_sync_flushes_the_drives_cache_too(tmp_path, monkeypatch):
    import fcntl

    calls = []
    monkeypatch.setattr("desktop.fileio.sys.platform", "darwin")
    monkeypatch.setattr(fcntl, "F_FULLFSYNC", 51, raising=False)  # its value on macOS; Linux has none
    monkeypatch.setattr(fcntl, "fcntl", lambda fd, command: calls.append(command))
    atomic_write(tmp_path / "file", b"data")
    assert calls == [51] and (tmp_path / "file").read_bytes() == b"data"


def test_every_durable_step_of_a_write_goes_through_the_recordable_layer(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(fs, "observer", lambda name, args, result: seen.append(name))
    atomic_write(tmp_path / "file", b"data")
    assert seen == ["open", "write", "fsync", "close", "replace", "fsync_dir"]
