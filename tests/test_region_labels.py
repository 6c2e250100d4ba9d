"""Region labels show whole and never overlap (pure geometry, no Qt)."""

from __future__ import annotations

from viewer.gui.region_labels import HEIGHT, place_labels


def width(text: str) -> float:
    return 7.0 * len(text)


def rects(boxes, places):
    out = []
    for (x0, y0, *_), p in zip(boxes, places, strict=True):
        if p is not None:
            out.append((x0 + p.dx, y0 + p.dy, x0 + p.dx + p.width, y0 + p.dy + HEIGHT))
    return out


def test_a_narrow_box_shows_its_whole_name_beside_it_not_a_bare_number():
    (place,) = place_labels([(100, 100, 130, 130)], [("Sign-up button · 10.2 %", "10.2 %")], width)
    assert place.text == "Sign-up button · 10.2 %" and place.dy < 0  # above, wider than its box


def test_crowded_labels_move_or_shrink_and_never_overlap():
    boxes = [(100 + 4 * i, 100, 140 + 4 * i, 140) for i in range(6)]  # six boxes nearly on top
    texts = [(f"Region number {i} · {i}.0 %", f"{i}.0 %") for i in range(6)]
    places = place_labels(boxes, texts, width)
    shown = rects(boxes, places)
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    assert places[0].text == texts[0][0]  # the first keeps its whole label
    assert {p.dy for p in places if p is not None} > {places[0].dy}  # others moved inside/below
    assert any(p is None or p.text == t[1] for p, t in zip(places, texts, strict=True))


def test_a_label_is_not_put_above_the_page():
    (place,) = place_labels([(0, 5, 300, 60)], [("Header · 1.0 %", "1.0 %")], width)
    assert place.dy > 0  # inside the box: above it would be off the page
