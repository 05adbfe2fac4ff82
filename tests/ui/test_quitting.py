"""The application quits cleanly, as a whole process: what a test run inside pytest cannot show."""
import os
import subprocess
import sys

from paths import ROOT

# The app as `kursk-timeline --db PATH` runs it; once shown, two events are copied and the
# window closed, which quits the application.
SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from desktop.app import run_gui

app = QApplication(sys.argv[:1])

def copy_and_close():
    [window] = [w for w in QApplication.topLevelWidgets() if w.findChild(QAction, "action_copy") is not None]
    window.timeline_view.select(list(window.document.timeline.events)[:2])
    window.findChild(QAction, "action_copy").trigger()
    window.close()

QTimer.singleShot(500, copy_and_close)
print("exit code", run_gui(Path(sys.argv[1])))
"""


def test_quitting_with_copied_events_on_the_clipboard_does_not_crash(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "timeline.json")], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "exit code 0" in done.stdout
