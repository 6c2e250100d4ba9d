"""rrweb recordings: page coordinates after scrolls, taps, visits per URL, errors with places."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from helpers import DEMO, page_doc, write_json, write_png
from rrweb_events import (
    T0,
    click,
    desktop_recording,
    full_snapshot,
    interaction,
    meta,
    moves,
    resize,
    scroll,
    touch_recording,
    write,
)

from viewer.importers.pages import ScreenshotSpec
from viewer.importers.rrweb import RrwebOptions, read_rrweb
from viewer.importers.rrweb_decode import looks_like_rrweb
from viewer.importers.rrweb_sessions import url_key
from viewer.library import open_path
from viewer.recording import EventKind as K
from viewer.recording import RecordingError


def rows(events, kind):
    m = events.kind == kind
    return list(zip(events.t[m].tolist(), events.x[m].tolist(), events.y[m].tolist(), strict=True))


def test_desktop_visit_in_page_coordinates(tmp_path):
    rec = read_rrweb(write(tmp_path / "r.json", desktop_recording()))
    first, second = rec.visits
    assert first.url == "https://shop.example/pricing?utm_source=mail"
    assert first.start == dt.datetime.fromtimestamp(T0 / 1000, dt.UTC)
    assert first.viewport == (1280, 720) and first.device == "desktop"
    ev = first.events
    # Buffered moves land at timestamp + timeOffset, before the scroll: unchanged.
    assert rows(ev, K.MOVE) == [(600, 100, 100), (800, 110, 120), (1000, 120, 140), (3500, 50, 560)]
    # The click came after the page scrolled by 500 px: viewport y 300 is page y 800.
    assert rows(ev, K.CLICK) == [(2000, 200, 800)]
    assert rows(ev, K.SCROLL) == [(10, 0, 0), (1500, 0, 500)]  # the inner scroll is not here
    assert rows(ev, K.RESIZE) == [(4000, 1024, 700)]
    # Rests: 1000 -> the scroll at 1500; 2000 -> 3500; 3500 -> the visit's last event (4300).
    m = ev.kind == K.DWELL
    assert rows(ev, K.DWELL) == [(1000, 120, 140), (2000, 200, 800), (3500, 50, 560)]
    assert ev.value[m].tolist() == [500, 1500, 800]
    assert first.duration_ms == 4300 and first.inner_scrolls == 1
    assert np.all(np.diff(ev.t) >= 0)
    # The second URL is a visit of its own, with its own clock.
    assert second.url == "https://shop.example/checkout" and second.index == 1
    assert rows(second.events, K.CLICK) == [(500, 10, 20)]
    assert any("inside the page" in p.message for p in rec.warnings)


def test_dwell_threshold_is_editable(tmp_path):
    path = write(tmp_path / "r.json", desktop_recording())
    strict = read_rrweb(path, RrwebOptions(dwell_ms=1000)).visits[0].events
    assert strict.value[strict.kind == K.DWELL].tolist() == [1500]


def test_touch_taps_scrolls_and_the_made_up_click(tmp_path):
    (visit,) = read_rrweb(write(tmp_path / "t.json", touch_recording())).visits
    assert visit.touch and visit.device == "mobile"
    ev = visit.events
    # The snapshot starts at 100 px; the document (node 3) scrolls to 700; node 1 is not it.
    assert rows(ev, K.SCROLL) == [(5, 0, 100), (950, 0, 700)]
    assert rows(ev, K.MOVE) == [(600, 150, 500), (900, 150, 400)]
    # One tap where the finger came down, in page coordinates; no click for it.
    assert rows(ev, K.TAP) == [(1000, 100, 900)]
    assert not (ev.kind == K.CLICK).any() and not (ev.kind == K.DWELL).any()


def test_touch_click_with_pointer_type_is_a_tap(tmp_path):
    events = [meta(T0, "https://a.example/", 400, 800), click(T0 + 100, 5, 6, pointerType=2)]
    (visit,) = read_rrweb(write(tmp_path / "p.json", events)).visits
    assert rows(visit.events, K.TAP) == [(100, 5, 6)] and visit.device == "mobile"


def test_wrapped_and_gzipped_files(tmp_path):
    plain = read_rrweb(write(tmp_path / "a.json", desktop_recording())).visits[0].events
    for name, kw in (("b.json", {"wrap": True}), ("c.json.gz", {"compress": True, "wrap": True})):
        path = write(tmp_path / name, desktop_recording(), **kw)
        assert looks_like_rrweb(path.read_bytes() if not kw.get("compress") else b"[")
        assert read_rrweb(path).visits[0].events == plain


@pytest.mark.parametrize(
    "content,where,words",
    [
        (b'[{"type": 4, "timestamp": 1, "data": {}},', "", "ends early"),
        (b'[\n{"type": 4, "timestamp": 1,, "data": {}}]', "line 2", ""),
        (b'[{"type": 3, "timestamp": "soon"}]', "event 0, field 'timestamp'", "expected a number"),
        (b'[{"type": 3, "data": {}}]', "event 0", "timestamp"),
        (b'{"events": [1, 2]}', "event 0", "expected an object"),
        (b'[{"type": 3, "timestamp": -5, "data": {}}]', "event 0, field 'timestamp'", ">= 0"),
    ],
)
def test_bad_files_give_located_errors(tmp_path, content, where, words):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(RecordingError) as err:
        read_rrweb(path)
    text = str(err.value)
    assert "bad.json" in text and where in text and words in text


def test_events_missing_their_fields_are_skipped_and_reported(tmp_path):
    events = [
        meta(T0, "https://a.example/", 1000, 800),
        {"type": 3, "data": {"source": 1}, "timestamp": T0 + 10},  # no positions
        {"type": 3, "data": {"source": 2, "type": 2, "x": "left", "y": 3}, "timestamp": T0 + 20},
        moves(T0 + 100, (1, 2, 0)),
    ]
    rec = read_rrweb(write(tmp_path / "r.json", events))
    assert rows(rec.visits[0].events, K.MOVE) == [(100, 1, 2)]
    (problem,) = rec.warnings
    assert "2 events" in problem.message and problem.where == "event 1 and others"
    only_meta = write(tmp_path / "m.json", [meta(T0, "https://a.example/", 1000, 800)])
    with pytest.raises(RecordingError, match="without any usable pointer"):
        read_rrweb(only_meta)


def test_url_keys_ignore_query_fragment_scheme_and_slash():
    assert url_key("https://Shop.example/pricing/?utm=1#faq") == "shop.example/pricing"
    assert url_key("http://shop.example/pricing") == "shop.example/pricing"
    assert url_key("https://shop.example") == "shop.example/"
    assert url_key("http://127.0.0.1:8000/a") == "127.0.0.1:8000/a"


def test_a_folder_matches_visits_to_pages_by_url(tmp_path):
    folder = tmp_path / "site"
    write_png(folder / "shot.png", (1280, 3000))
    write_json(
        folder / "page.json", page_doc(url="https://shop.example/pricing", size=[1280, 3000])
    )
    write(folder / "rec.json", desktop_recording())
    lib = open_path(folder)
    (session,) = lib.sessions_of("p1")
    assert session.id == "rec-1" and session.tags["url"].endswith("utm_source=mail")
    assert rows(session.events, K.CLICK) == [(2000, 200, 800)]
    # The checkout visit has no screenshot: reported, and the file still opens.
    assert lib.needs_screenshot == ["https://shop.example/checkout"]
    assert any("checkout" in p.message and not p.is_error for p in lib.problems)


def test_one_file_with_a_screenshot(tmp_path):
    rec = write(tmp_path / "rec.json.gz", desktop_recording(), compress=True)
    shot = write_png(tmp_path / "full.png", (2560, 6000))  # 2x of a 1280 x 3000 page
    lib = open_path(rec, screenshot=ScreenshotSpec(shot))
    (page,) = lib.pages
    assert (page.id, page.width, page.height) == ("shop-example-pricing", 1280, 3000)
    assert page.device_pixel_ratio == 2.0 and page.url.startswith("https://shop.example/pricing")
    assert [s.id for s in lib.sessions_of(page.id)] == ["rec-1"]
    # Without a screenshot nothing can be shown, and the error says what to do.
    bare = open_path(rec)
    assert not bare.pages and bare.errors and "--screenshot" in bare.errors[0].message
    assert set(bare.needs_screenshot) == {
        "https://shop.example/pricing?utm_source=mail",
        "https://shop.example/checkout",
    }


def as_rrweb(session, url: str) -> list[dict]:
    """A native session written as rrweb would have recorded it: viewport coordinates, moves
    sent in batches with negative time offsets, taps as TouchStart/TouchEnd."""
    ev = session.events
    t0 = int(session.start.timestamp() * 1000)
    scroll_t = ev.t[ev.kind == K.SCROLL]
    scroll_y = ev.y[ev.kind == K.SCROLL].astype(float)
    scroll_x = ev.x[ev.kind == K.SCROLL].astype(float)

    def offset(t):
        i = np.searchsorted(scroll_t, t, side="right") - 1
        return (scroll_x[i], scroll_y[i]) if i >= 0 else (0.0, 0.0)

    out = [meta(t0, url, *session.viewport), full_snapshot(t0)]
    batch: list[tuple[float, float, int]] = []
    batch_end = None
    for t, k, x, y in zip(
        ev.t.tolist(), ev.kind.tolist(), ev.x.tolist(), ev.y.tolist(), strict=True
    ):
        if batch and (t > batch_end or k != K.MOVE):
            last = batch_end
            out.append(moves(t0 + last, *[(bx, by, bt - last) for bx, by, bt in batch]))
            batch = []
        ox, oy = offset(t)
        if k == K.MOVE:
            batch.append((x - ox, y - oy, t))
            batch_end = t if len(batch) == 1 else batch_end
            batch_end = max(batch_end, t) if t - batch[0][2] < 500 else batch_end
        elif k == K.CLICK:
            out.append(click(t0 + t, x - ox, y - oy))
        elif k == K.TAP:
            out.append(interaction(t0 + t, 7, x - ox, y - oy))
            out.append(interaction(t0 + t + 80, 9, x - ox, y - oy))
        elif k == K.SCROLL:
            out.append(scroll(t0 + t, y, x))
        elif k == K.RESIZE:
            out.append(resize(t0 + t, int(x), int(y)))
    if batch:
        out.append(moves(t0 + batch_end, *[(bx, by, bt - batch_end) for bx, by, bt in batch]))
    return out


@pytest.mark.parametrize("page_id", ["brightside-desktop", "brightside-mobile"])
def test_demo_sessions_survive_a_trip_through_rrweb(tmp_path, page_id):
    lib = open_path(DEMO / page_id)
    sessions = sorted(lib.sessions_of(page_id), key=lambda s: -len(s.events))[:5]
    for i, native in enumerate(sessions):
        path = write(tmp_path / f"{i}.json", as_rrweb(native, "https://brightside.example/"))
        (visit,) = read_rrweb(path).visits
        for kind in (K.MOVE, K.CLICK, K.TAP, K.SCROLL):
            a, b = native.events.of_kind(kind), visit.events.of_kind(kind)
            if kind == K.SCROLL:  # rrweb's full snapshot adds the offset at the start
                assert (b.t[0], b.x[0], b.y[0]) == (0, 0, 0)
                b = b.select(slice(1, None))
            assert np.array_equal(a.t, b.t), (native.id, kind)
            assert np.allclose(a.x, b.x, atol=0.01) and np.allclose(a.y, b.y, atol=0.01)
        assert visit.device == native.device
