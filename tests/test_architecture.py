"""The layering is enforced, not hoped for: model ← store ← document ← ui, and the file
formats (exchange) beside the store, without Qt."""
import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "desktop"
QT = ("PySide6", "shiboken6", "pyqtgraph")


def imports_of(root: Path):
    """(module, imported module) for every import in the package below ``root``."""
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        module = ".".join(parts)
        package = parts if path.name == "__init__.py" else parts[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield module, alias.name
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                yield module, target
                if not node.module:  # "from . import x": x may be a module
                    for alias in node.names:
                        yield module, f"{target}.{alias.name}"


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(root: Path) -> list[str]:
    name = root.name
    found = []
    for module, imported in imports_of(root):
        if _within(module, f"{name}.model"):
            if any(_within(imported, q) for q in (*QT, "tinydb")) or (
                _within(imported, name) and not _within(imported, f"{name}.model")
            ):
                found.append(f"{module} imports {imported}: the model must stay free of Qt, TinyDB and the app")
        if _within(imported, "tinydb") and not _within(module, f"{name}.store"):
            found.append(f"{module} imports {imported}: only {name}.store may use TinyDB")
        if _within(module, f"{name}.store") and (any(_within(imported, q) for q in QT) or _within(imported, f"{name}.ui")):
            found.append(f"{module} imports {imported}: the store knows nothing of the UI")
        if _within(module, f"{name}.exchange") and (any(_within(imported, q) for q in QT) or _within(imported, f"{name}.ui")):
            found.append(f"{module} imports {imported}: file formats are read and written without Qt")
        if _within(module, f"{name}.share") and (any(_within(imported, q) for q in QT) or _within(imported, f"{name}.ui")):
            found.append(f"{module} imports {imported}: sharing through git works headless, without Qt")
        if _within(module, f"{name}.ui") and _within(imported, f"{name}.store"):
            found.append(f"{module} imports {imported}: the UI reaches the store only through the document")
        if _within(module, f"{name}.ui.canvas") and any(
            _within(imported, f"{name}.{part}") for part in ("document", "ui.context", "ui.actions", "ui.panels", "ui.main_window")
        ):
            found.append(f"{module} imports {imported}: the canvas knows nothing of the document, actions, panels or window")
        if any(_within(module, f"{name}.ui.{part}") for part in ("panels", "dialogs")) and any(
            _within(imported, f"{name}.ui.{part}") for part in ("actions", "main_window")
        ):
            found.append(f"{module} imports {imported}: panels and dialogs know nothing of the actions or the window")
        if _within(module, f"{name}.ui") and module != f"{name}.ui.main_window" and _within(imported, f"{name}.ui.main_window"):
            found.append(f"{module} imports {imported}: nothing in the UI reaches into the window")
    return found


RECORD_TABLES = {"events", "sources", "citations", "periods", "notes", "lanes", "links"}
MUTATORS = {"pop", "clear", "update", "setdefault", "popitem", "append", "remove", "extend", "insert"}


def ui_mutations(root: Path) -> list[str]:
    """Places in the UI that change the model or the store other than by pushing an edit
    through the context, the one caller of the document's push."""
    found = []
    for path in sorted((root / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                method, owner = node.func.attr, node.func.value
                if method == "push" and _names_model(owner, ("document", "undo_stack")) and path.relative_to(root).as_posix() != "ui/context.py":
                    found.append(f"{where} calls .push() itself: edits go through the context's push")
                if method in ("apply", "_commit") and _names_model(owner, ("timeline", "store", "document")):
                    found.append(f"{where} calls .{method}(): edits go through document.push")
                if method in MUTATORS and isinstance(owner, ast.Attribute) and owner.attr in RECORD_TABLES:
                    found.append(f"{where} changes .{owner.attr} in place")
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target] if isinstance(node, ast.AugAssign) else []
            for target in targets:
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute) and target.value.attr in RECORD_TABLES:
                    found.append(f"{where} writes into .{target.value.attr}")
                if isinstance(target, ast.Attribute) and target.attr in RECORD_TABLES | {"title"} and _names_model(target.value, ("timeline",)):
                    found.append(f"{where} replaces .{target.attr} of the timeline")
    return found


def _names_model(node: ast.AST, names: tuple[str, ...]) -> bool:
    """Whether ``node`` is a name or attribute such as ``timeline`` or ``self.document.store``."""
    name = getattr(node, "id", None) or getattr(node, "attr", "")
    return isinstance(node, (ast.Name, ast.Attribute)) and name.endswith(names)


def test_the_package_respects_its_layers():
    assert violations(PACKAGE) == []


def test_the_ui_changes_the_model_only_by_pushing_edits():
    assert ui_mutations(PACKAGE) == []


def test_the_mutation_checker_catches_each_kind(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "panel.py").write_text(
        "def f(self, t, e):\n"
        "    self.document.timeline.apply(changes)\n"
        "    self.document.store.apply(changes)\n"
        "    t.events[e.id] = e\n"
        "    del self.timeline.citations[e.id]\n"
        "    self.timeline.notes.pop(e.id)\n"
        "    self.document.timeline.lanes = []\n"
        "    self.document._commit(edit)\n"
        "    self._commit(widget)\n"  # the panel's own method: fine
        "    self.document.push(edit)\n"
        "    self.ctx.push(edit)\n"  # the one way: fine
    )
    found = "\n".join(ui_mutations(tmp_path))
    assert "panel.py:2 calls .apply()" in found and "panel.py:3 calls .apply()" in found
    assert "panel.py:4 writes into .events" in found
    assert "panel.py:5 writes into .citations" in found
    assert "panel.py:6 changes .notes in place" in found
    assert "panel.py:7 replaces .lanes of the timeline" in found
    assert "panel.py:8 calls ._commit()" in found and "panel.py:9" not in found
    assert "panel.py:10 calls .push() itself" in found and "panel.py:11" not in found


def test_the_checker_catches_each_kind_of_violation(tmp_path):
    bad = tmp_path / "desktop"
    (bad / "model").mkdir(parents=True)
    (bad / "ui").mkdir()
    (bad / "__init__.py").write_text("")
    (bad / "model" / "__init__.py").write_text("from PySide6.QtCore import QObject\n")
    (bad / "model" / "dates.py").write_text("from ..ui import widgets\nimport tinydb\n")
    (bad / "ui" / "__init__.py").write_text("")
    (bad / "ui" / "view.py").write_text("from tinydb import TinyDB\nfrom ..store import Store\n")
    (bad / "exchange").mkdir()
    (bad / "exchange" / "__init__.py").write_text("")
    (bad / "exchange" / "png.py").write_text("from PySide6.QtGui import QImage\n")
    (bad / "share").mkdir()
    (bad / "share" / "__init__.py").write_text("")
    (bad / "share" / "sync.py").write_text("from PySide6.QtCore import QProcess\n")
    for part in ("canvas", "panels", "dialogs"):
        (bad / "ui" / part).mkdir()
        (bad / "ui" / part / "__init__.py").write_text("")
    (bad / "ui" / "canvas" / "view.py").write_text("from ...document import Document\nfrom ..panels import details\nfrom ..context import Context\n")
    (bad / "ui" / "panels" / "details.py").write_text("from ..actions import editing\nfrom ..main_window import MainWindow\n")
    (bad / "ui" / "dialogs" / "cite.py").write_text("from .. import actions\n")
    found = "\n".join(violations(bad))
    assert "desktop.model imports PySide6.QtCore" in found
    assert "desktop.model.dates imports desktop.ui" in found
    assert "desktop.model.dates imports tinydb" in found
    assert "desktop.ui.view imports tinydb: only desktop.store" in found
    assert "desktop.ui.view imports desktop.store" in found
    assert "desktop.exchange.png imports PySide6.QtGui: file formats" in found
    assert "desktop.share.sync imports PySide6.QtCore: sharing through git works headless" in found
    for imported in ("desktop.document", "desktop.ui.panels", "desktop.ui.context"):
        assert f"desktop.ui.canvas.view imports {imported}: the canvas knows nothing" in found
    assert "desktop.ui.panels.details imports desktop.ui.actions: panels and dialogs" in found
    assert "desktop.ui.panels.details imports desktop.ui.main_window: panels and dialogs" in found
    assert "desktop.ui.panels.details imports desktop.ui.main_window: nothing in the UI reaches into the window" in found
    assert "desktop.ui.dialogs.cite imports desktop.ui.actions: panels and dialogs" in found


def test_headless_export_does_not_load_qt():
    code = "import sys, desktop.cli; print(any(m.split('.')[0] in %r for m in sys.modules))" % (QT,)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
