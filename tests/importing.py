"""Importing a file headless, as a user would: what it says and the timeline it leaves,
or its one-line refusal with the database left as it was."""
from desktop.cli import main
from desktop.store import Store
from disk import disk_bytes


def imported(db_path, capsys, path, *options):
    capsys.readouterr()
    code = main(["import", str(path), "--db", str(db_path), *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out, Store.open(db_path, read_only=True).load()


def refused(db_path, capsys, path, *options):
    Store.open(db_path).close()
    before = disk_bytes(db_path)
    capsys.readouterr()
    assert main(["import", str(path), "--db", str(db_path), *options]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and str(path) in err, err
    assert disk_bytes(db_path) == before
    return err
