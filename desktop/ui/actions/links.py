"""Edit ▸ Link to…: the selected event linked to another (disputes, causes, part of, same
as), the type and the other event picked in one list that typed words narrow; Edit ▸
Link note…: one of its links picked and its note typed; Edit ▸ Remove link…: one of its
links picked and removed. Each one undo step."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ...model import LinkType, ModelError
from ...model import links as linking
from ..context import Context
from ..dialogs.pick import PickDialog
from . import ONE, Command


def _picker(ctx: Context, title: str, prompt: str, items: list[tuple[str, str]], kinds: list[tuple[str, str]] = (),
            notes: dict[str, str] | None = None) -> PickDialog:
    dialog = PickDialog(title, prompt, items, ctx.parent_widget, kinds, notes)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def link_to(ctx: Context) -> None:
    event_id = ctx.selection.single()
    if event_id is None:
        ctx.say("Select one event: the one to link from.")
        return
    timeline = ctx.timeline
    others = sorted((e for e in timeline.events.values() if e.id != event_id), key=lambda e: (e.start.earliest, e.title))
    items = [(e.id, f"{e.title} · {e.start.label()} · {e.lane}") for e in others]
    kinds = [(kind.value, f"{kind.phrases[0]}…") for kind in LinkType]
    dialog = _picker(ctx, "Link to", f"Link '{timeline.events[event_id].title}' to another event: it", items, kinds, notes={})

    def chosen() -> None:
        target = dialog.chosen()
        if target is None or event_id not in ctx.timeline.events or target not in ctx.timeline.events:
            return
        try:
            edit = linking.link(ctx.timeline, event_id, target, LinkType(dialog.kind()), dialog.note.text().strip())
        except ModelError as error:
            ctx.say(f"Not linked: {error}", 15000)
            return
        ctx.push(edit)

    dialog.accepted.connect(chosen)
    dialog.open()


def _links_of_selected(ctx: Context, what: str) -> tuple[str, list[tuple[str, str]], dict[str, str]] | None:
    """The selected event's title, its links as picker items, and their notes; None, said why."""
    event_id = ctx.selection.single()
    if event_id is None:
        ctx.say(f"Select one event: the one whose link {what}.")
        return None
    timeline = ctx.timeline
    title = timeline.events[event_id].title
    found = timeline.links_of(event_id)
    if not found:
        ctx.say(f"'{title}' has no link.")
        return None
    items = [(link.id, f"{phrase}: {timeline.events[other].title}" + (f" · {link.note}" if link.note else "")) for phrase, link, other in found]
    return title, items, {link.id: link.note for _, link, _ in found}


def note_link(ctx: Context) -> None:
    if (found := _links_of_selected(ctx, "gets a note")) is None:
        return
    title, items, notes = found
    dialog = _picker(ctx, "Link note", f"The note on a link of '{title}':", items, notes=notes)

    def chosen() -> None:
        link_id = dialog.chosen()
        if link_id in ctx.timeline.links and (edit := linking.annotate(ctx.timeline, link_id, dialog.note.text())) is not None:
            ctx.push(edit)

    dialog.accepted.connect(chosen)
    dialog.open()


def remove_link(ctx: Context) -> None:
    if (found := _links_of_selected(ctx, "goes")) is None:
        return
    title, items, _ = found
    dialog = _picker(ctx, "Remove link", f"Remove the link of '{title}':", items)
    dialog.accepted.connect(lambda: dialog.chosen() in ctx.timeline.links and ctx.push(linking.unlink(ctx.timeline, dialog.chosen())))
    dialog.open()


COMMANDS = [
    Command("action_link_to", "&Link to…", link_to, "Edit", writes=True, needs_selection=ONE, separator=True,
            tip="Link the selected event to another: it disputes, causes, is part of or is the same as that one"),
    Command("action_note_link", "Link &note…", note_link, "Edit", writes=True, needs_selection=ONE,
            tip="Write why the selected event is linked to another, and who says so"),
    Command("action_remove_link", "Remo&ve link…", remove_link, "Edit", writes=True, needs_selection=ONE),
]
