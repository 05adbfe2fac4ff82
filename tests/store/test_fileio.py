import errno
import os
import stat

import pytest

from desktop.fileio import atomic_write


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
