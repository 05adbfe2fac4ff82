"""Pictures of the timeline: PNG, SVG and PDF, from the command line and from the window."""
import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QLabel, QLineEdit, QProgressDialog, QPushButton, QSpinBox

from desktop.cli import main
from desktop.exchange.image_content import ImageRequest
from desktop.exchange.reading import Cancelled
from desktop.ui.canvas import hit_testing, image_export
from desktop.ui.canvas.image_export import STEPS, export_image
from desktop.ui.canvas.marks import link_pen
from desktop.model import Citation, LinkType, FuzzyDate, Period, PinnedNote, Reliability, Source, Timeline, editing
from desktop.store import Store
from desktop.ui.dialogs.image_export import ImageExportDialog

SVG = "{http://www.w3.org/2000/svg}"
INCURSION = "Ukraine launches surprise incursion into Kursk region"  # August 2024; all the others reach April 2025


def pixels(path) -> np.ndarray:
    """The image as an array of (blue, green, red, unused) rows."""
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : 4 * image.width()].reshape(image.height(), image.width(), 4).copy()  # the image's memory goes with it


def svg_texts(path) -> list[tuple[str, float, float, float]]:
    """Each <text>: its text, where its baseline starts and its font size, in the
    SVG's own units, through the transforms of the groups around it."""
    found = []

    def walk(node, scale, dx, dy):
        if match := re.fullmatch(r"matrix\(([^)]*)\)", node.get("transform", "")):
            a, _, _, d, e, f = map(float, match[1].split(","))
            scale, dx, dy = scale * a, dx + scale * e, dy + scale * f  # translations and scaling only, as Qt writes them
        if node.tag == f"{SVG}text":
            found.append((node.text, dx + scale * float(node.get("x")), dy + scale * float(node.get("y")), scale * float(node.get("font-size"))))
        for child in node:
            walk(child, scale, dx, dy)

    walk(ET.parse(path).getroot(), 1.0, 0.0, 0.0)
    return found


def export(tmp_path, db_path, name, *options):
    out = tmp_path / name
    assert main(["export", str(out), "--db", str(db_path), *options]) == 0
    return out


def test_png_has_the_width_asked_for_and_every_title_is_drawn_as_text_in_it(qapp, tmp_path, db_path, kursk, capsys):
    png = export(tmp_path, db_path, "kursk.png", "--width", "1200")
    assert f"{len(kursk.events)} events" in capsys.readouterr().out
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    image = pixels(png)
    assert image.shape[1] == 1200 and image.shape[0] > 400
    colours = {tuple(p) for p in image[::3, ::3, :3].reshape(-1, 3)}
    assert len(colours) > 100  # lane colours, marks, antialiased text: not a blank page
    assert (image[..., :3].max(axis=2) < 250).mean() > 0.03

    # The SVG of the same size is laid out alike: where it puts each title, the PNG has dark text.
    svg = export(tmp_path, db_path, "kursk.svg", "--width", "1200")
    texts = {text: (x, y, size) for text, x, y, size in svg_texts(svg)}
    assert set(e.title for e in kursk.events.values()) <= set(texts)
    for event in kursk.events.values():
        x, y, size = texts[event.title]
        first_letters = image[round(y - 0.8 * size) : round(y) + 1, round(x) : round(x + 4 * size), :3]
        assert (first_letters.max(axis=2) < 110).sum() > 10, event.title


def test_svg_is_xml_with_every_title_and_source_as_text(qapp, tmp_path, db_path, kursk):
    svg = export(tmp_path, db_path, "kursk.svg")
    root = ET.parse(svg).getroot()
    assert root.tag == f"{SVG}svg" and root.get("viewBox")
    texts = [text for text, *_ in svg_texts(svg)]
    assert {e.title for e in kursk.events.values()} <= set(texts)
    assert "Ukraine's Kursk incursion, August 2024 – April 2025" in texts  # the timeline's title by default
    assert {"confirmed", "reported", "claimed", "disputed"} <= set(texts)  # the legend
    footer = next(t for t in texts if t.startswith("Sources:"))
    assert "BBC News, ‘Russia claims it has regained full control of Kursk from Ukraine’ (26 Apr 2025)" in footer
    assert all(not re.search(r'font-family="Sans Serif"', line) for line in svg.read_text().splitlines())  # a family browsers know


def with_second_source(kursk):
    """The Kursk timeline with the August incursion also cited from another outlet."""
    data = kursk.to_dict()
    incursion = next(e for e in kursk.events.values() if e.title == INCURSION)
    text = "Ukrainian troops crossed into Russia's Kursk region on 6 August."
    data["sources"].append(Source("kyiv", "Ukraine's troops cross into Kursk", text, publisher="Kyiv Post", published=FuzzyDate(2024, 8, 7), reliability=Reliability.C).to_dict())
    data["citations"].append(Citation("c-kyiv", incursion.id, "kyiv", "crossed into Russia's Kursk region", "Kyiv Post").to_dict())
    return Timeline.from_dict(data)


def test_a_date_range_shows_only_its_events_and_credits_only_their_sources(qapp, tmp_path, db_path, kursk):
    Store.open(db_path, seed=lambda: with_second_source(kursk)).close()
    everything = [t for t, *_ in svg_texts(export(tmp_path, db_path, "all.svg"))]
    assert INCURSION in everything
    footer = next(t for t in everything if t.startswith("Sources:"))
    assert footer.index("Kyiv Post, ‘Ukraine's troops cross into Kursk’ (7 Aug 2024), reliability C") < footer.index("BBC News")  # oldest first
    assert "(26 Apr 2025), reliability" not in footer  # the BBC's is not judged: nothing said

    april = [t for t, *_ in svg_texts(export(tmp_path, db_path, "april.svg", "--from", "2025-04-25", "--to", "2025-04-26", "--title", "Kursk: the claim"))]
    assert "Kursk: the claim" in april and "25 Apr 2025 – 26 Apr 2025 · 12 events" in april
    assert INCURSION not in april
    assert {e.title for e in kursk.events.values()} - {INCURSION} <= set(april)  # the long periods overlap the range
    footer = next(t for t in april if t.startswith("Sources:"))
    assert "BBC News" in footer and "Kyiv Post" not in footer


def test_pdf_is_a_vector_document(qapp, tmp_path, db_path):
    pdf = export(tmp_path, db_path, "kursk.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) > 10_000
    assert b"/Font" in pdf  # the text is text, not pixels
    width, height = map(float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert width == pytest.approx(1200 * 0.75) and 250 < height < width  # 1200 px laid out, at 96 px to the inch


def test_dpi_draws_the_same_layout_with_more_pixels(qapp, tmp_path, db_path):
    plain = QImage(str(export(tmp_path, db_path, "plain.png", "--width", "1000", "--dpi", "96")))
    sharp = QImage(str(export(tmp_path, db_path, "sharp.png", "--width", "2000", "--dpi", "192")))
    assert sharp.width() == 2000 and abs(sharp.height() - 2 * plain.height()) <= 2
    assert round(sharp.dotsPerMeterX() * 0.0254) == 192


def test_dpi_without_a_width_draws_the_default_picture_for_print(qapp, tmp_path, db_path):
    default = QImage(str(export(tmp_path, db_path, "default.png")))
    printed = QImage(str(export(tmp_path, db_path, "print.png", "--dpi", "300")))
    assert printed.width() == 3750 and printed.width() > printed.height()  # a page, landscape as on screen
    ratio = printed.width() / default.width()
    assert abs(printed.height() - default.height() * ratio) <= 3 * ratio  # the same layout, finer


def test_exporting_over_the_database_is_refused(tmp_path, db_path, capsys):
    database = tmp_path / "timeline.png"  # a database may have any name
    assert main(["export", str(database), "--db", str(database)]) == 2
    assert "database itself" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main(["export", str(tmp_path / "x.csv"), "--db", str(database)]) == 0
    before = database.read_bytes()
    assert main(["export", str(database), "--db", str(database)]) == 2
    assert database.read_bytes() == before


@pytest.mark.parametrize(
    "options, says",
    [
        (["--from", "2024-13"], "--from: month 13 does not exist"),
        (["--to", "26/04/2025"], "--to: cannot read date '26/04/2025'"),
        (["--from", "2025-04", "--to", "2024-08"], "ends (Aug 2024) before it starts (Apr 2025)"),
        (["--width", "399"], "between 400 and 20000"),
        (["--width", "20001"], "between 400 and 20000"),
        (["--width", "800", "--dpi", "300"], "ask for 1250 px or more"),
    ],
)
def test_bad_options_are_refused_before_anything_is_opened_or_written(tmp_path, db_path, capsys, options, says):
    out = tmp_path / "kursk.png"
    assert main(["export", str(out), "--db", str(db_path), *options]) == 2
    err = capsys.readouterr().err
    assert says in err and len(err.splitlines()) == 1
    assert not out.exists() and not db_path.exists()


def test_options_that_do_not_fit_the_format_are_refused(tmp_path, db_path, capsys):
    assert main(["export", str(tmp_path / "x.svg"), "--db", str(db_path), "--dpi", "300"]) == 2
    assert "--dpi applies to .png only" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "x.csv"), "--db", str(db_path), "--width", "900"]) == 2
    assert "--width applies to images only" in capsys.readouterr().err
    for options in (["--format", "csv", "--width", "500", "--title", "hi"], ["--format", "json"]):
        assert main(["export", str(tmp_path / "out.png"), "--db", str(db_path), *options]) == 2
        assert f"{options[0]} {options[1]} writes no image" in capsys.readouterr().err  # not CSV under a picture's name
    assert list(tmp_path.iterdir()) == []


def test_a_picture_too_big_to_hold_is_refused_with_a_width_that_fits(qapp, tmp_path, db_path, capsys, monkeypatch):
    monkeypatch.setattr(image_export, "MAX_PIXELS", 3_000_000)
    out = tmp_path / "kursk.png"
    out.write_bytes(b"an older picture")
    assert main(["export", str(out), "--db", str(db_path), "--width", "4000"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "more than 3 megapixels" in err
    assert out.read_bytes() == b"an older picture"  # not an empty file
    fits = re.search(r"a width of about (\d+) px or less", err)[1]
    image = QImage(str(export(tmp_path, db_path, "kursk.png", "--width", fits)))
    assert image.width() == int(fits) and image.width() * image.height() <= 3_000_000


def test_a_pdf_page_longer_than_pdf_allows_is_scaled_down_to_fit(qapp, tmp_path, db_path, monkeypatch):
    monkeypatch.setattr(image_export, "MAX_PDF_POINTS", 500)
    pdf = export(tmp_path, db_path, "kursk.pdf").read_bytes()
    width, height = map(float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert width == pytest.approx(500) and 100 < height < width  # the whole page, its shape kept


def test_control_characters_in_any_text_leave_the_svg_well_formed(qapp, tmp_path, db_path, kursk):
    event = next(iter(kursk.events.values()))
    retitled = replace(kursk, events={**kursk.events, event.id: replace(event, title="Gornal\x00retaken\x1b")})
    Store.open(db_path, seed=lambda: retitled).close()
    svg = export(tmp_path, db_path, "kursk.svg", "--title", "a\x01b\ufffe")
    root = ET.parse(svg).getroot()  # raises on a character XML forbids
    texts = [text for text, *_ in svg_texts(svg)]
    assert "ab" in texts and "Gornalretaken" in texts
    assert root.find(f"{SVG}title").text == "ab"


def test_at_the_narrowest_width_no_text_runs_into_the_right_margin(qapp, tmp_path, db_path):
    png = export(tmp_path, db_path, "narrow.png", "--width", "400", "--title", "X" * 120)
    image = pixels(png)[..., :3]
    margin = image[:, 400 - round(image_export.MARGIN) + 2 :]
    assert (margin.min(axis=2) > 240).all()  # white: the title and the legend's hint wrapped instead
    texts = {text: x for text, x, *_ in svg_texts(export(tmp_path, db_path, "narrow.svg", "--width", "400", "--title", "X" * 120))}
    assert any(text.startswith("XXX") and text != "X" * 120 for text in texts)  # a word longer than the line is broken
    assert any(text.startswith("Bars are periods") for text in texts)


def test_a_range_without_events_is_refused_and_the_old_file_kept(qapp, tmp_path, db_path, capsys):
    out = tmp_path / "kursk.png"
    out.write_bytes(b"an older picture")
    assert main(["export", str(out), "--db", str(db_path), "--from", "2026"]) == 2
    assert "no events from 2026 on" in capsys.readouterr().err
    assert out.read_bytes() == b"an older picture"


@pytest.mark.parametrize("step", range(STEPS))
def test_a_cancelled_export_leaves_no_file_behind(qapp, tmp_path, kursk, step):
    old, new = tmp_path / "old.svg", tmp_path / "new.pdf"
    old.write_bytes(b"kept")

    def cancel_at_step(done: int, total: int) -> None:
        if done == step:
            raise Cancelled

    for path in (old, new):
        with pytest.raises(Cancelled):
            export_image(kursk, path, ImageRequest(width=800), cancel_at_step)
    assert old.read_bytes() == b"kept" and not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.svg"]  # and no half-written temporary file


# --- from the window -------------------------------------------------------------


def open_dialog(window) -> ImageExportDialog:
    window.findChild(QAction, "action_export_png").trigger()
    return window.findChild(ImageExportDialog)


def test_the_dialog_exports_and_remembers_folder_width_and_format(qtbot, window, tmp_path, monkeypatch, kursk):
    action = window.findChild(QAction, "action_export_png")
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Shift+E"
    chosen = tmp_path / "pictures" / "kursk"  # typed without its extension, with SVG chosen
    chosen.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(chosen), "SVG vector image (*.svg)"))
    dialog = open_dialog(window)
    qtbot.mouseClick(dialog.findChild(QPushButton, "export_browse"), Qt.MouseButton.LeftButton)
    assert dialog.findChild(QLineEdit, "export_file").text() == str(chosen) + ".svg"
    assert not dialog.findChild(QComboBox, "export_dpi").isEnabled()  # no pixels in an SVG
    dialog.findChild(QSpinBox, "export_width").setValue(1000)
    assert dialog.findChild(QCheckBox, "export_everything").isChecked()  # the view shows every event
    qtbot.keyClicks(dialog.findChild(QLineEdit, "export_title"), "Kursk, as reported")
    links = dialog.findChild(QCheckBox, "export_links")
    assert links.isChecked()  # drawn unless asked not to
    qtbot.mouseClick(links, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.findChild(QPushButton, "export_button"), Qt.MouseButton.LeftButton)

    texts = [t for t, *_ in svg_texts(chosen.with_suffix(".svg"))]
    assert "Kursk, as reported" in texts and {e.title for e in kursk.events.values()} <= set(texts)
    assert link_lines(chosen.with_suffix(".svg")) == []
    assert f"Exported {len(kursk.events)} events to {chosen}.svg" in window.statusBar().currentMessage()

    again = open_dialog(window)
    assert again is not dialog
    assert again.findChild(QLineEdit, "export_file").text() == str(chosen.parent / "timeline.svg")
    assert again.findChild(QSpinBox, "export_width").value() == 1000
    assert not again.findChild(QCheckBox, "export_links").isChecked()


def test_the_dialog_offers_the_dates_in_view_and_exports_them(qtbot, window, tmp_path, kursk):
    window.findChild(QLineEdit, "jump_to").setText("2025-04-20 / 2025-04-30")
    qtbot.keyClick(window.findChild(QLineEdit, "jump_to"), Qt.Key.Key_Return)
    dialog = open_dialog(window)
    dates = dialog.findChild(QLineEdit, "export_dates")
    assert not dialog.findChild(QCheckBox, "export_everything").isChecked() and dates.isEnabled()
    first, last = (dt.date.fromisoformat(d) for d in dates.text().split(" / "))
    assert dt.date(2025, 4, 1) < first <= dt.date(2025, 4, 20) and dt.date(2025, 4, 30) <= last < dt.date(2025, 6, 1)
    out = tmp_path / "april.png"
    dialog.findChild(QLineEdit, "export_file").setText(str(out))
    dialog.findChild(QSpinBox, "export_width").setValue(900)
    assert dialog.findChild(QComboBox, "export_dpi").isEnabled()
    qtbot.mouseClick(dialog.findChild(QPushButton, "export_button"), Qt.MouseButton.LeftButton)
    assert QImage(str(out)).width() == 900
    assert f"Exported {len(kursk.events) - 1} events" in window.statusBar().currentMessage()  # not the August incursion


def test_the_dialog_refuses_the_database_and_bad_dates_and_stays_open(qtbot, window, db_path):
    before = db_path.read_bytes()
    dialog = open_dialog(window)
    problem = dialog.findChild(QLabel, "export_problem")
    dialog.findChild(QCheckBox, "export_everything").setChecked(False)
    db_as_png = db_path.with_suffix(".png")
    db_as_png.hardlink_to(db_path)  # the database under an image's name
    for file, dates, says in [
        (db_path.with_suffix(".txt"), "2024-08 / 2025-04", "Name the file .png, .svg or .pdf"),
        (db_path.parent / "no such folder" / "a.png", "2024-08 / 2025-04", "does not exist"),
        (db_path.parent / "a.png", "2025-04 / 2024-08", "Dates: Aug 2024 comes before Apr 2025"),
        (db_as_png, "2024-08 / 2025-04", "the timeline database itself"),
    ]:
        dialog.findChild(QLineEdit, "export_file").setText(str(file))
        dialog.findChild(QLineEdit, "export_dates").setText(dates)
        qtbot.mouseClick(dialog.findChild(QPushButton, "export_button"), Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and problem.isVisible() and says in problem.text(), says
    assert db_path.read_bytes() == before and sorted(p.name for p in db_path.parent.iterdir() if not p.name.startswith("timeline.json.")) == ["timeline.json", "timeline.png"]  # backups and lock aside


def test_cancelling_the_progress_dialog_writes_nothing(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    dialog = open_dialog(window)
    out = tmp_path / "cancelled.pdf"
    dialog.findChild(QLineEdit, "export_file").setText(str(out))
    qtbot.mouseClick(dialog.findChild(QPushButton, "export_button"), Qt.MouseButton.LeftButton)
    assert not out.exists() and list(tmp_path.glob(".cancelled*")) == []
    assert "cancelled: nothing was written" in window.statusBar().currentMessage()


def test_annotations_in_range_are_drawn_and_callouts_follow_the_window(qtbot, window, tmp_path):
    timeline = window.document.timeline
    gornal = next(e for e in timeline.events.values() if "Gornal" in e.title)
    salient = Period("salient", "Ukrainian salient held", FuzzyDate(2024, 8), FuzzyDate(2025, 3))
    note = PinnedNote("nk", FuzzyDate(2024, 11, 5), "North Korean troops first reported in Kursk")
    assert window.ctx.push(editing.put(timeline, "periods", [salient], "Add"))
    assert window.ctx.push(editing.put(timeline, "notes", [note], "Pin"))
    assert window.ctx.push(editing.put(timeline, "events", [replace(gornal, annotation="Denied by Kyiv the same day")], "Annotate"))

    def exported(name, dates=None):
        dialog = open_dialog(window)
        dialog.findChild(QLineEdit, "export_file").setText(str(tmp_path / name))
        if dates:
            dialog.findChild(QCheckBox, "export_everything").setChecked(False)
            dialog.findChild(QLineEdit, "export_dates").setText(dates)
        qtbot.mouseClick(dialog.findChild(QPushButton, "export_button"), Qt.MouseButton.LeftButton)
        return {text for text, *_ in svg_texts(tmp_path / name)}

    everything = exported("all.svg")
    assert {salient.label, note.text, "Denied by Kyiv the same day"} <= everything  # whole, not cut short
    assert not {salient.label, note.text} & exported("april.svg", "2025-04-20 / 2025-04-30")
    window.findChild(QAction, "action_toggle_callouts").trigger()  # View ▸ Show annotations, off
    hidden = exported("hidden.svg")
    assert salient.label in hidden and "Denied by Kyiv the same day" not in hidden


def test_pdf_text_has_no_ligatures_so_a_search_finds_its_words(qapp, tmp_path, db_path):
    import zlib

    pdf = export(tmp_path, db_path, "kursk.pdf").read_bytes()
    maps = []  # the fonts' maps from glyphs back to text
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream[1])
        except zlib.error:
            data = stream[1]  # not compressed
        if b"bfrange" in data or b"bfchar" in data:
            maps.append(data)
    assert maps
    assert not any(re.search(rb"<FB0[0-6]>", data, re.I) for data in maps)  # no "ﬁ", "ﬀ", "ﬂ" glyphs
    assert any(re.search(rb"<0066>", data) for data in maps) and any(re.search(rb"<0069>", data) for data in maps)


def test_a_label_is_not_crossed_by_its_bar_edge_or_a_date_band(qtbot, window):
    view = window.timeline_view
    image = view.viewport().grab().toImage()
    crossed = 0
    for lane in view.laid_out():
        for place in lane.layout.placed:
            i = place.index
            if place.label is None or not lane.data.is_range[i]:
                continue
            core = lane.data.start_hi[i] * lane.view.sx + lane.view.tx  # where the solid bar begins
            text = hit_testing.text_rect(lane, place)  # where its words are painted
            if not text.left() + 4 < core < text.right() - 4:
                continue
            crossed += 1
            column = [image.pixelColor(round(core), y) for y in range(round(text.top()) + 6, round(text.bottom()) - 6)]
            assert all(c.saturation() < 60 or c.lightness() < 90 for c in column), "the bar's edge runs through the label"
    assert crossed >= 1  # the counter-offensive's August window ends under its label


def test_every_svg_text_keeps_the_width_it_was_drawn_at_in_any_reader_font(qapp, tmp_path, db_path, kursk):
    from PySide6.QtGui import QFont, QFontMetricsF

    svg = export(tmp_path, db_path, "kursk.svg")
    texts = [t for t in ET.parse(svg).getroot().iter(f"{SVG}text") if (t.text or "").strip()]
    assert len(texts) > 20
    for text in texts:
        assert text.get("lengthAdjust") == "spacingAndGlyphs", text.text
        font = QFont(text.get("font-family").split(",")[0])
        font.setPixelSize(100)
        font.setWeight(QFont.Weight(int(text.get("font-weight"))))
        drawn = QFontMetricsF(font).horizontalAdvance(text.text) * float(text.get("font-size")) / 100
        assert float(text.get("textLength")) == pytest.approx(drawn, rel=0.03), text.text
    assert {e.title for e in kursk.events.values()} <= {t.text for t in texts}


def test_a_picture_uses_the_lanes_colours_and_leaves_hidden_lanes_out(qapp, tmp_path, db_path, kursk):
    from desktop.model import lanes

    def styled():
        timeline = Timeline.from_dict(kursk.to_dict())
        timeline.apply(lanes.restyle(timeline, "Ukraine", colour="#123456").changes)
        timeline.apply(lanes.restyle(timeline, "North Korea", hidden=True).changes)
        return timeline

    Store.open(db_path, seed=styled).close()
    svg = export(tmp_path, db_path, "styled.svg").read_text()
    texts = [t for t, *_ in svg_texts(tmp_path / "styled.svg")]
    assert "Ukraine" in texts and "North Korea" not in texts
    assert "#123456" in svg.lower()  # the lane's own colour, not its place's
    korean = {e.title for e in kursk.events.values() if e.lane == "North Korea"}
    assert korean and not korean & set(texts)


def link_lines(svg) -> list[ET.Element]:
    """The groups drawn with the dispute link's pen (a disputed mark's ring has its colour, not its width)."""
    pen = link_pen(LinkType.DISPUTES)
    return [node for node in ET.parse(svg).getroot().iter(f"{SVG}g")
            if node.get("stroke") == pen.color().name() and float(node.get("stroke-width", 0)) == pen.widthF() and len(node)]


def test_a_picture_draws_the_links_between_its_events_and_names_their_types_unless_asked_not_to(qapp, tmp_path, db_path, kursk):
    assert {k.type.value for k in kursk.links.values()} == {"disputes"}  # the claim of 26 April and Ukraine's denial
    svg = export(tmp_path, db_path, "kursk.svg")
    texts = [text for text, *_ in svg_texts(svg)]
    assert "disputes" in texts and "causes" not in texts  # the legend names the types drawn, no other
    assert len(link_lines(svg)) >= 2  # its sample in the legend, and the line between the two events

    bare = export(tmp_path, db_path, "bare.svg", "--no-links")
    assert link_lines(bare) == [] and "disputes" not in [text for text, *_ in svg_texts(bare)]
    assert main(["export", str(tmp_path / "k.csv"), "--db", str(db_path), "--no-links"]) == 2  # images only
