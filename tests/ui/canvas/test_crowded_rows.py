"""A lane's shared last row (a collapsed lane, or one with more rows than it may have):
a selected event is never hidden in its "+N", and a label takes the room left of its
mark rather than vanish beside an empty stretch of lane. Real windows, real clicks."""
from PySide6.QtCore import Qt

from desktop.model import Event, FuzzyDate, Timeline
from test_lane_heights import lane_named, name_position


def crowded(lane) -> set[str]:
    """Ids of the lane's events counted in a "+N"."""
    return {lane.data.ids[p.index] for p in lane.layout.placed if p.label is None and not lane.data.is_range[p.index]}


def test_an_event_clicked_in_a_collapsed_lanes_count_gets_its_label(qtbot, window):
    view = window.timeline_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=name_position(view, "Russia"))
    russia = lane_named(view, "Russia")
    hidden = sorted(crowded(russia))
    assert view.collapsed() == ["Russia"] and len(hidden) > 1 and sum(c.count for c in russia.layout.crowds) == len(hidden)
    for event_id in hidden:  # each, clicked where it stands, comes out of the count with its label
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.event_position(event_id))
        assert view.selected_ids() == [event_id]
        russia = lane_named(view, "Russia")
        assert event_id not in crowded(russia)
        place = next(p for p in russia.layout.placed if russia.data.ids[p.index] == event_id)
        assert place.label is not None and place.label.width() > 40
        assert sum(c.count for c in russia.layout.crowds) == len(hidden) - 1
        image = view.viewport().grab().toImage()
        box = place.label.toRect()
        assert sum(image.pixelColor(x, y).lightness() < 100 for x in range(box.left(), box.right()) for y in range(box.top(), box.bottom())) > 30
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.event_position(hidden[0]))
    assert view.selected_ids() == [hidden[0]]  # a click on its label, or its mark, still finds it


def test_a_label_that_would_cover_the_next_mark_takes_the_empty_room_left_of_its_own(qtbot, window_on):
    events = [
        Event("start", "Incursion begins", FuzzyDate(2024, 8, 6), lane="Ukraine"),
        Event("sudzha", "Sudzha retaken by Russia", FuzzyDate(2025, 3, 13), lane="Russia"),
        Event("claims", "Russia claims the whole region", FuzzyDate(2025, 3, 20), lane="Russia"),
        Event("end", "Ukraine holds on in Belgorod", FuzzyDate(2025, 4, 26), lane="Ukraine"),
    ]
    window = window_on(Timeline("Sudzha", ["Ukraine", "Russia"], {e.id: e for e in events}))
    qtbot.waitExposed(window)
    window.resize(1366, 768)
    qtbot.wait(20)
    view = window.timeline_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=name_position(view, "Russia"))
    russia = lane_named(view, "Russia")
    assert view.collapsed() == ["Russia"] and russia.layout.rows() == 1
    sudzha = next(p for p in russia.layout.placed if russia.data.ids[p.index] == "sudzha")
    assert sudzha.label is not None and sudzha.label.right() < sudzha.centre.x()  # left of its mark
    claims = next(p for p in russia.layout.placed if russia.data.ids[p.index] == "claims")
    assert claims.label is not None and not russia.layout.crowds  # no "+N" at all
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=sudzha.label.center().toPoint())
    assert view.selected_ids() == ["sudzha"]
