"""The records both sides changed since their common ancestor, merged field by field from
their three versions once git's merge has run (git's line merge is kept for the records
only one side changed): what only one side changed is taken, conflicts are settled by a
``Resolve`` function (the app's dialog, ``--take``) or refused, an edit against a deletion
keeps the record and flags it (with what the deleting side removed together with it: an
event's or a source's citations and links, a lane's events, and the automatic statuses
those citations give), and the lane order is merged as a whole.

Also noted, never refused: two sources from one URL added on both sides under different
ids (both kept); one link added on both sides under different ids (one kept: mine, with
theirs' note if mine has none; two notes are a conflict)."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..exchange.reading import Cancelled
from ..model import ModelError, Timeline
from ..model.claims import status_from
from ..model.edits import Change
from ..model.links import Link
from ..model.timeline import KINDS
from ..model.wording import counted
from . import commits, form
from .conflicts import LANES, ORDER, Conflict, Resolve, chosen, each_side_s_changes, lane_order, merge_fields, placed
from .git import run

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's tree of nothing: the base of unrelated histories
MINE, THEIRS = "HEAD", "MERGE_HEAD"
KEPT_TAG = "sync: kept, deleted by {who}"  # an event one side deleted while the other edited it
SHOWN = 60  # characters of a value quoted in a refusal


class Refused(Exception):
    """Both sides changed the same fields and nothing chose between them: one line of
    explanation, then one line per conflict."""


def _records(repo: Path, since: str, until: str) -> dict[str, str]:
    """The records (by their .json path) changed from ``since`` to ``until``: A, M or D."""
    out = run(repo, "diff", "--name-status", "--no-renames", "-z", since, until, "--", form.HEAD, *form.KIND_OF_FOLDER).out
    fields = out.split("\0")
    changed = {}
    for status, path in zip(fields[::2], fields[1::2]):
        folder = path.partition("/")[0]
        if path == form.HEAD or path.endswith(".json"):
            changed[path] = status[0]
        elif folder == form.FOLDERS["sources"] and path.endswith(".txt"):
            changed.setdefault(path.removesuffix(".txt") + ".json", "M")
    return changed


def _blobs(repo: Path, names: list[str]) -> dict[str, bytes | None]:
    """The files ``rev:path`` named, read by one ``git cat-file --batch`` (None: no such file)."""
    if not names:
        return {}
    out, at, found = run(repo, "cat-file", "--batch", feed="".join(f"{name}\n" for name in names).encode()).raw, 0, {}
    for name in names:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if header[-1] == b"missing" or header[1] != b"blob":
            found[name], at = None, header_end + 1
        else:
            size = int(header[2])
            found[name], at = out[header_end + 1: header_end + 1 + size], header_end + 2 + size
    return found


def _kind(path: str) -> str:
    return "timeline" if path == form.HEAD else form.KIND_OF_FOLDER[path.partition("/")[0]]


def _text_path(path: str) -> str | None:
    """A source's text lies beside its record."""
    return path.removesuffix(".json") + ".txt" if _kind(path) == "sources" else None


def _record(blobs: dict[str, bytes | None], rev: str, path: str) -> dict[str, Any] | None:
    """The record at ``path`` in ``rev`` as its JSON says, a source's text as its field
    "text" (and its sha256 left out: it follows the text); None if there is none."""
    raw = blobs[f"{rev}:{path}"]
    if raw is None:
        return None
    data = form._parsed(path, raw)
    if text := _text_path(path):
        data.pop("sha256", None)
        try:
            data["text"] = (blobs[f"{rev}:{text}"] or b"").decode("utf-8")
        except UnicodeDecodeError as error:
            raise form.FormError(f"{text}: not UTF-8 text (byte {error.start})") from None
    return data


def _write(repo: Path, path: str, data: dict[str, Any] | None) -> list[str]:
    """The record written to the working copy as the app writes it (or removed); its files."""
    files = [path, *filter(None, [_text_path(path)])]
    if data is None:
        for name in files:
            (repo / name).unlink(missing_ok=True)
        return files
    if path != form.HEAD:
        try:  # the model's own form: defaults filled in, a source's sha256 made again
            data = KINDS[_kind(path)].from_dict(data).to_dict()
        except (ModelError, ValueError, TypeError, KeyError):
            pass  # written as merged: reading the tree names what is wrong
    data = dict(data)
    (repo / path).parent.mkdir(parents=True, exist_ok=True)  # git removes a folder it emptied
    if text := _text_path(path):
        (repo / text).write_bytes(str(data.pop("text", "")).encode("utf-8"))
    (repo / path).write_bytes(form._dumped(data))
    return files


def _who_deleted(repo: Path, base: str, rev: str, path: str) -> str:
    return run(repo, "log", "-1", "--format=%ae", "--diff-filter=D", f"{base}..{rev}", "--", path).out.strip() or "someone"


def shown(value: Any) -> str:
    """A value of a field as a refusal quotes it: JSON, on one line, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def refusal(repo: Path, conflicts: list[Conflict]) -> str:
    records = len({c.path for c in conflicts})
    lines = [f"{repo}: both sides changed the same field of {records} record{'' if records == 1 else 's'}; nothing was merged, "
             "your edits are kept: sync with --take mine or --take theirs, or in the app to choose field by field"]
    lines += [f"{c.path}: field '{c.field}': mine {shown(c.mine)}, theirs {shown(c.theirs)}" for c in conflicts]
    return "\n".join(lines)


def _sides(repo: Path, upstream: str) -> tuple[str, dict[str, dict[str, str]]]:
    """The common ancestor, and the records each side changed since (by path: A, M or D)."""
    bases = run(repo, "merge-base", "HEAD", upstream, check=False).out.split()
    base = bases[0] if bases else EMPTY_TREE
    return base, {MINE: _records(repo, base, MINE), THEIRS: _records(repo, base, upstream)}


def reconcile(repo: Path, upstream: str, resolve: Resolve | None) -> list[str]:
    """Merge again, field by field, the records both sides changed, in the working copy of a
    merge git has started (conflicted or not), and stage them. Returns notes for the user.
    Refused if fields conflict and ``resolve`` is None; Cancelled if it returns None."""
    base, changed = _sides(repo, upstream)
    both = sorted(changed[MINE].keys() & changed[THEIRS].keys())
    added = {rev: [p for p, status in found.items() if status == "A" and _kind(p) in ("sources", "links")] for rev, found in changed.items()}
    lanes_both = all(any(p.startswith(f"{LANES}/") for p in found) for found in changed.values())
    lane_files = {rev: run(repo, "ls-tree", "-r", "--name-only", "--full-tree", rev, "--", f"{LANES}/", check=False).out.split()
                  for rev in (base, MINE, THEIRS)} if lanes_both else {}
    blobs = _blobs(repo, [*(f"{rev}:{p}" for rev in (base, MINE, THEIRS) for p in [*both, *filter(None, map(_text_path, both))]),
                          *(f"{rev}:{p}" for rev, found in added.items() for p in found if p not in both),
                          *(f"{rev}:{path}" for rev, paths in lane_files.items() for path in paths)])
    notes: list[str] = []
    merged, conflicts = _merged_records(repo, base, both, blobs, notes)
    twins = _twin_links(blobs, added)
    twin_links, twin_conflicts = _merged_twins(blobs, twins)
    merged, conflicts = {**merged, **twin_links}, conflicts + twin_conflicts
    kept = {path: MINE if blobs[f"{MINE}:{path}"] is not None else THEIRS for path in both  # against a deletion
            if path in merged and None in (blobs[f"{MINE}:{path}"], blobs[f"{THEIRS}:{path}"])}
    order = None
    if lanes_both:
        sides = [{form.record_id(path): _record(blobs, rev, path) for path in lane_files[rev] if path.endswith(".json")}
                 for rev in (base, MINE, THEIRS)]
        order, conflict = lane_order(*sides)
        conflicts += [conflict] if conflict else []
    if conflicts:
        choices = _choices(repo, conflicts, resolve)
        merged = {path: chosen(data, [c for c in conflicts if c.path == path], choices) for path, data in merged.items()}
        if order is not None and (LANES, ORDER) in choices:
            order = list(choices[LANES, ORDER])
    written = [name for path, data in merged.items() for name in _write(repo, path, data)]
    if order is not None:
        theirs_order = sorted(sides[2], key=lambda key: sides[2][key].get("position", 0))
        written += _place_lanes(repo, placed(order, theirs_order, _present_lanes(repo)))
    written += _kept_together(repo, base, {path: (side, merged[path]) for path, side in kept.items()}, changed, notes)
    written += _one_link_each(repo, twins, notes)
    _note_same_urls(blobs, added, notes)
    if written:
        run(repo, "add", "--all", "--", *written)
    return notes


def _merged_records(repo: Path, base: str, both: list[str], blobs: dict[str, bytes | None],
                    notes: list[str]) -> tuple[dict[str, dict], list[Conflict]]:
    """Each record both sides changed, merged (conflicting fields as mine), and the conflicts;
    a record both deleted is left out."""
    merged, conflicts = {}, []
    for path in both:
        b, m, t = (_record(blobs, rev, path) for rev in (base, MINE, THEIRS))
        if m is None or t is None:
            if m is not None or t is not None:
                merged[path], note = _kept(repo, base, path, m, t)
                notes.append(note)
        else:
            settled = ("position",) if _kind(path) == "lane_records" else ()
            merged[path], found = merge_fields(path, _kind(path), b, m, t, settled)
            if not found and not _acceptable(path, merged[path]):
                found = each_side_s_changes(path, _kind(path), b, m, t, settled)
            conflicts += found
    return merged, conflicts


def _acceptable(path: str, data: dict[str, Any]) -> bool:
    """Whether the model takes the record merged from ``data`` (timeline.json is checked as the tree is read)."""
    if path == form.HEAD:
        return True
    try:
        KINDS[_kind(path)].from_dict(data)
    except (ModelError, ValueError, TypeError, KeyError):
        return False
    return True


def _choices(repo: Path, conflicts: list[Conflict], resolve: Resolve | None) -> dict[tuple[str, str], Any]:
    if resolve is None:
        raise Refused(refusal(repo, conflicts))
    choices = resolve(conflicts)
    if choices is None:
        raise Cancelled
    if missing := [c for c in conflicts if (c.path, c.field) not in choices]:
        raise Refused(f"{repo}: no choice was made for {missing[0].path} field '{missing[0].field}'; nothing was merged")
    return choices


def _kept(repo: Path, base: str, path: str, mine: dict | None, theirs: dict | None) -> tuple[dict, str]:
    """A record edited on one side and deleted on the other: the edit kept, an event tagged."""
    kept, deleter = (theirs, MINE) if mine is None else (mine, THEIRS)
    who = _who_deleted(repo, base, deleter, path)
    note = f"Kept {path}: edited on one side, deleted by {who} on the other"
    if _kind(path) == "events":
        kept = _tagged(kept, who)
        note += f"; tagged '{KEPT_TAG.format(who=who)}'"
    return kept, note


def _tagged(event: dict, who: str) -> dict:
    """The event's record flagged as kept against its deletion by ``who``."""
    tag = KEPT_TAG.format(who=who)
    return {**event, "tags": [*(t for t in event.get("tags") or [] if t != tag), tag]}


# The fields of a citation or a link that name another record, and the table that holds it.
POINTERS = {"citations": (("event_id", "events"), ("source_id", "sources")), "links": (("from_id", "events"), ("to_id", "events"))}
# And an event's lane, by name: the lane's record, whose id may be an older name.
_ENDS = {**POINTERS, "events": (("lane", "lanes"),)}
_LANE = "lanes"
_TOGETHER = {"citations", "links", "events", "sources", "lane_records"}  # what a deletion may take with a record


def _key(kind: str, record: dict) -> tuple[str, str]:
    """What other records name this one by: a lane record its name, others their id."""
    return (_LANE, str(record.get("name"))) if kind == "lane_records" else (kind, str(record.get("id")))


def _ends(kind: str, record: dict) -> list[tuple[str, str]]:
    return [(table, str(record.get(name))) for name, table in _ENDS.get(kind, ())]


def _comes_back(kind: str, record: dict, held: dict[tuple[str, str], list], pointed_at: set, there: Callable[[tuple[str, str]], bool]) -> bool:
    """Whether a record the deletion removed comes back with the records ``held`` (by key:
    what each names): one of them names it, or it names one of them and all it names is there."""
    ends = _ends(kind, record)
    return _key(kind, record) in pointed_at or any(end in held for end in ends) and all(map(there, ends))


def _kept_together(repo: Path, base: str, kept: dict[str, tuple[str, dict]], changed: dict[str, dict[str, str]],
                   notes: list[str]) -> list[str]:
    """What the deleting side removed together with a record kept against its deletion (by
    path: the side that kept it, and the record as merged), and the keeping side left
    alone, checked out as the keeping side has it: the citations and links of a kept event
    or source (if every record they point at is there), the events of a kept lane with
    theirs, and what a kept record points at (a kept event's lane, a kept citation's source
    with its other citations). Their files."""
    written = []
    for side in sorted({side for side, _ in kept.values()}):
        other = THEIRS if side == MINE else MINE
        gone = [p for p, status in changed[other].items() if status == "D" and p not in changed[side] and _kind(p) in _TOGETHER]
        blobs = _blobs(repo, [f"{base}:{p}" for p in gone])
        records = {}
        for path in gone:
            try:
                records[path] = json.loads(blobs[f"{base}:{path}"] or b"{}")
            except ValueError:
                continue  # reading the tree names it
        held = {_key(_kind(path), record): _ends(_kind(path), record) for path, (keeper, record) in kept.items() if keeper == side}
        back: list[str] = []
        flat = commits.is_flat(repo)

        def there(end: tuple[str, str]) -> bool:
            table, key = end
            return table == _LANE or end in held or (repo / form.record_path(table, key, flat)).exists()

        while True:  # a lane's events, then their citations: a few rounds
            pointed_at = {end for ends in held.values() for end in ends}
            found = [path for path, record in records.items() if path not in back and _comes_back(_kind(path), record, held, pointed_at, there)]
            if not found:
                break
            back += found
            held.update({_key(_kind(path), records[path]): _ends(_kind(path), records[path]) for path in found})
        if back:
            run(repo, "checkout", side, "--", *(name for path in back for name in [path, *filter(None, [_text_path(path)])]))
            notes.append(f"Kept {', '.join(sorted(back))}: removed on the other side together with a record that is kept")
            written += back
    return written


def revived_with(repo: Path, upstream: str, revived: dict[str, str]) -> list[str]:
    """Records one side deleted and the merge brought back because the other side cited or
    linked them (by path: the side they were taken from), in the working copy: what the
    deletion removed together with them comes back too, as for a record kept against its
    deletion, and an event is tagged as one kept against an edit is. Notes."""
    base, changed = _sides(repo, upstream)
    notes: list[str] = []
    _kept_together(repo, base, {path: (side, json.loads((repo / path).read_bytes())) for path, side in revived.items()}, changed, notes)
    for path, side in revived.items():
        if _kind(path) == "events":  # flagged as an event kept against an edit is: a citation or link is an edit of it too
            who = _who_deleted(repo, base, THEIRS if side == MINE else MINE, path)
            run(repo, "add", "--", *_write(repo, path, _tagged(json.loads((repo / path).read_bytes()), who)))
            notes.append(f"Kept {path}: deleted by {who}, cited or linked on the other side; tagged '{KEPT_TAG.format(who=who)}'")
    return notes


def follow_citations(repo: Path, merged: Timeline, changes: tuple[Change, ...]) -> list[str]:
    """Each automatic event the merge changed, or whose citations or their sources it
    changed, given the status its merged citations give it (a side that deleted a source
    changed the status of the events it was cited for: with the citations brought back,
    that status goes back too), in ``merged`` and in the working copy, staged. Notes."""
    touched = {c.id for c in changes if c.kind == "events"}
    touched |= {record.event_id for c in changes if c.kind == "citations" for record in (c.before, c.after) if record is not None}
    if sources := {c.id for c in changes if c.kind == "sources"}:
        touched |= {c.event_id for c in merged.citations.values() if c.source_id in sources}
    fixed = []
    for key in sorted(touched):
        event = merged.events.get(key)
        if event is not None and event.status_auto:
            status = status_from(merged.citations_for(key), merged.sources, event.corroborated_as)
            if status != event.status:
                fixed.append(Change("events", key, event, replace(event, status=status)))
    if not fixed:
        return []
    merged.apply(tuple(fixed))
    flat = commits.is_flat(repo)
    written = [path for c in fixed for path in form.write_tree(repo, form.record_files("events", c.id, c.after, flat), {}, ())[0]]
    run(repo, "add", "--", *written)
    return [f"Status set from the merged citations for {counted(len(fixed), 'event')}"]


def _present_lanes(repo: Path) -> list[str]:
    return [form.record_id(path) for path, _ in form.record_entries(repo, LANES, commits.is_flat(repo)) if path.endswith(".json")]


def _place_lanes(repo: Path, order: list[str]) -> list[str]:
    """Each lane record's position set to its place in ``order`` (ids); the files rewritten."""
    written = []
    flat = commits.is_flat(repo)
    for position, key in enumerate(order):
        path = form.record_path("lane_records", key, flat)
        data = json.loads((repo / path).read_bytes())
        if data.get("position") != position:
            written += _write(repo, path, {**data, "position": position})
    return written


def _twin_links(blobs: dict[str, bytes | None], added: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Each link both sides added under different ids ("same as" made from either end):
    (mine's path, theirs')."""
    def keys(rev: str) -> dict[tuple, str]:
        found = {}
        for path in added[rev]:
            if _kind(path) == "links" and (raw := blobs.get(f"{rev}:{path}")):
                try:
                    found[Link.from_dict(json.loads(raw)).key] = path
                except (ModelError, ValueError, TypeError, KeyError):
                    continue  # reading the tree names it
        return found

    mine = keys(MINE)
    return [(mine[key], path) for key, path in keys(THEIRS).items() if key in mine and mine[key] != path]


def _merged_twins(blobs: dict[str, bytes | None], twins: list[tuple[str, str]]) -> tuple[dict[str, dict], list[Conflict]]:
    """Mine of each twin link, with theirs' note where only theirs has one; notes that
    differ are a conflict (the ends and id are mine's: the same link, seen from its end)."""
    merged, conflicts = {}, []
    for kept, dropped in twins:
        merged[kept], found = merge_fields(kept, "links", {"note": ""}, json.loads(blobs[f"{MINE}:{kept}"]),
                                           json.loads(blobs[f"{THEIRS}:{dropped}"]), ("id", "from_id", "to_id"))
        conflicts += found
    return merged, conflicts


def _one_link_each(repo: Path, twins: list[tuple[str, str]], notes: list[str]) -> list[str]:
    """Of a link both sides added under different ids, theirs removed, mine kept."""
    for kept, dropped in twins:
        (repo / dropped).unlink(missing_ok=True)
        notes.append(f"Kept {kept} only: the same link was added on both sides ({dropped} dropped)")
    return [dropped for _, dropped in twins]


def _note_same_urls(blobs: dict[str, bytes | None], added: dict[str, list[str]], notes: list[str]) -> None:
    """Sources both sides added from one URL under different ids: both kept, and said."""
    def urls(rev: str) -> dict[str, str]:
        found = {}
        for path in added[rev]:
            if _kind(path) == "sources" and (raw := blobs.get(f"{rev}:{path}")):
                try:
                    url = json.loads(raw).get("url")
                except (ValueError, AttributeError):
                    continue
                if url:
                    found[url] = path
        return found

    mine = urls(MINE)
    for url, path in urls(THEIRS).items():
        if url in mine and mine[url] != path:
            notes.append(f"Both sides added a source from {url}: {mine[url]} and {path}, both kept")
