"""File ▸ Share… (publish the timeline into a git repository) and Sync (commit, fetch,
merge, push), running the same code as ``kursk-timeline share``; the merge comes in as one
undo step. Git runs while a progress dialog shows; Cancel stops it at any moment, git
included, without damage: what was committed waits for the next sync. Fields both sides
changed are picked in a dialog; cancelling it leaves the timeline as it was."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from ...exchange.reading import Cancelled, Progress
from ...share.form import FormError
from ...share.git import GitError, interruptible
from ...share.sync import STEPS, ShareError, link_path, linked_repo, publish, sync
from ...exchange.formats import FORMATS, with_last_changed
from ...model.wording import counted
from ..context import Context
from ..dialogs.conflicts import ask_choices
from ..dialogs.files import ask_folder, progress_dialog
from . import Command
from .files import export
from .history import last_changed_columns

TITLE = "Share"


def share(ctx: Context) -> None:
    db = ctx.document.store.path
    if link_path(db).exists():
        ctx.say(f"Shared through {linked_repo(db)}: File ▸ Sync sends your edits and brings the others'", 15000)
        return
    repo = ask_folder(ctx.parent_widget, ctx.settings, "share", "Share the timeline in a git repository (a new folder or a clone)")
    if repo is None:
        return
    try:
        with progress_dialog(ctx.parent_widget, f"Publishing into {repo}…", wait_ms=0):
            lines = publish(repo, db, ctx.document.timeline)
    except (ShareError, GitError, FormError, OSError) as error:
        QMessageBox.warning(ctx.parent_widget, TITLE, str(error))
        return
    finally:
        ctx.sharingChanged.emit()
    ctx.say("; ".join(lines), 15000)


def sync_now(ctx: Context) -> None:
    db, document = ctx.document.store.path, ctx.document
    if not document.retry():  # what is sent must be what the database holds: the repository is never ahead of it
        QMessageBox.warning(ctx.parent_widget, "Sync", f"Not synced: {counted(len(document.unsaved), 'edit')} not saved yet ({document.save_error}); "
                                                       "sync again once they are saved")
        return
    try:
        with progress_dialog(ctx.parent_widget, "Syncing…", wait_ms=0) as report:
            steps = _Steps(report)
            with interruptible(steps.poll):  # Cancel stops git too, while it runs
                done = sync(linked_repo(db), ctx.document.timeline, ctx.push, steps, db=db,
                            resolve=lambda conflicts: ask_choices(ctx.parent_widget, conflicts, ctx.document.timeline))
    except Cancelled:
        ctx.say("Sync cancelled: your edits are kept and wait for the next sync", 15000)
        return
    except (ShareError, GitError, FormError, OSError) as error:
        QMessageBox.warning(ctx.parent_widget, "Sync", str(error))
        return
    finally:
        ctx.sharingChanged.emit()
    ctx.say("; ".join(done.lines), 15000)


class _Steps:
    """The sync's progress, passed on to the dialog; ``poll``, while git runs, lets the
    window handle the Cancel button and says (raising Cancelled) if it was pressed."""

    def __init__(self, report: Progress) -> None:
        self.report = report
        self.at = (0, STEPS)

    def __call__(self, done: int, total: int) -> None:
        self.at = (done, total)
        self.report(done, total)

    def poll(self) -> None:
        QApplication.processEvents()
        self.report(*self.at)


def export_csv_last_changed(ctx: Context) -> None:
    if (changed := last_changed_columns(ctx)) is not None:
        export(with_last_changed(FORMATS["csv"], changed))(ctx)


COMMANDS = [
    Command("action_share", "S&hare…", share, "File", separator=True, tip="Publish this timeline into a git repository that your team shares"),
    Command("action_sync", "S&ync", sync_now, "File", writes=True, tip="Commit your edits, bring in the others' as one undo step, push"),
    Command("action_export_csv_last_changed", "Export as CSV with who &last changed each event…", export_csv_last_changed, "File",
            tip="The CSV export with two more columns from the shared history: last changed by, last changed on"),
]
