"""The status bar's word on a shared timeline: edits waiting for the next sync, commits to
send and to receive, and when the last sync reached the remote. Git is asked once the
window opens and after each sync; an edit only recounts the labels the store keeps."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ...share.git import GitError
from ...share.status import edits_waiting, shared_repo, standing
from ..context import Context


def _counted(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


class ShareIndicator(QLabel):
    def __init__(self, ctx: Context) -> None:
        super().__init__(objectName="share_indicator")
        self.setContentsMargins(0, 0, 12, 0)  # apart from the save indicator beside it
        self.ctx = ctx
        self._standing = ""  # commits and last sync, as git said after the last sync
        self._shared = False
        ctx.document.saved.connect(self._show)
        ctx.sharingChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Ask git again: after a sync, a share, or when the window opens."""
        db = self.ctx.document.store.path
        repo = shared_repo(db)
        self._shared = repo is not None
        self.setVisible(self._shared)
        if repo is None:
            return
        try:
            found = standing(repo)
        except (GitError, OSError) as error:
            self._standing = f"status unknown ({error})"
        else:
            parts = [f"{_counted(found.ahead, 'commit')} to send"] if found.ahead else []
            parts += [f"{found.behind} to receive"] if found.behind else []
            parts.append(f"last sync {found.last_sync:%d %b %H:%M}" if found.last_sync else "never synced")
            self._standing = " · ".join(parts)
        self.setToolTip(f"Shared through {repo}: File ▸ Sync sends your edits and brings the others' "
                        "(commits to receive: as the last sync saw the remote)")
        self._show()

    def _show(self, *_) -> None:
        if not self._shared:
            return
        waiting = edits_waiting(self.ctx.document.store.path)
        edits = "edits waiting" if waiting is None else f"{_counted(waiting, 'edit')} not synced" if waiting else "no edits waiting"
        self.setText(f"Shared · {edits} · {self._standing}")
