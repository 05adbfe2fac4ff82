import os
import stat

from desktop.fileio import atomic_write


def test_replaces_the_content_and_keeps_the_file_mode(tmp_path):
    target = tmp_path / "db.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_usual_permissions_not_private_ones(tmp_path):
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "export.csv", b"a,b\r\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "export.csv").stat().st_mode) == 0o644


def test_writing_through_a_symlink_updates_its_target(tmp_path):
    real = tmp_path / "real.json"
    real.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
