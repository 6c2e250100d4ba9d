"""rrweb events as other tools export them: PostHog's "export to file" (both versions, split by
window), Sentry's replay recording segments, and one event per line; with gzip too. The shapes
follow the tools' own code (see ``viewer/importers/containers.py`` for where each is read)."""

from __future__ import annotations

import gzip
import json

import pytest
from helpers import write_png
from rrweb_events import T0, click, desktop_recording, full_snapshot, meta, touch_recording

from viewer.cli import main
from viewer.importers.pages import ScreenshotSpec
from viewer.importers.rrweb import read_rrweb
from viewer.library import open_path
from viewer.recording import EventKind as K


def posthog_v2(windows: dict[str, list[dict]], recording_id: str = "0190-abc") -> dict:
    """PostHog's ExportedSessionRecordingFileV2: snapshots are events with their windowId."""
    snapshots = [{**e, "windowId": w} for w, events in windows.items() for e in events]
    snapshots.sort(key=lambda e: e["timestamp"])
    return {
        "version": "2023-04-28",
        "data": {"id": recording_id, "person": {"distinct_ids": ["u1"]}, "snapshots": snapshots},
    }


def posthog_v1(windows: dict[str, list[dict]]) -> dict:
    """PostHog's ExportedSessionRecordingFileV1: events grouped by window id."""
    return {"version": "2022-12-02", "data": {"person": None, "snapshotsByWindowId": windows}}


def sentry_segments(events: list[dict], cut: int) -> list[list[dict]]:
    """Sentry's recording segments: the replay's events in consecutive lists, with Sentry's own
    custom events (type 5) among them."""
    custom = {
        "type": 5,
        "timestamp": T0 + 1,
        "data": {"tag": "breadcrumb", "payload": {"timestamp": (T0 + 1) / 1000, "category": "ui"}},
    }
    return [[events[0], custom, *events[1:cut]], events[cut:]]


def clicks_of(library) -> list[tuple[float, float]]:
    out = []
    for s in library.all_sessions:
        ev = s.events
        c = ev.kind == K.CLICK
        out += list(zip(ev.x[c].tolist(), ev.y[c].tolist(), strict=True))
    return sorted(out)


@pytest.fixture
def shot(tmp_path):
    return write_png(tmp_path / "pricing.png", (1280, 3000))


def opened(path, shot):
    return open_path(path, screenshot=ScreenshotSpec(shot, url="https://shop.example/pricing"))


@pytest.mark.parametrize("wrapper", ["posthog-v2", "posthog-v1", "sentry", "ndjson", "gzip"])
def test_each_container_reads_as_the_plain_recording(tmp_path, shot, wrapper):
    events = desktop_recording()
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(events))
    doc = {
        "posthog-v2": lambda: json.dumps(posthog_v2({"w1": events})),
        "posthog-v1": lambda: json.dumps(posthog_v1({"w1": events})),
        "sentry": lambda: json.dumps(sentry_segments(events, 5)),
        "ndjson": lambda: "\n".join(json.dumps(e) for e in events) + "\n",
        "gzip": lambda: json.dumps(posthog_v2({"w1": events})),
    }[wrapper]().encode()
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_bytes(gzip.compress(doc) if wrapper == "gzip" else doc)
    want, got = opened(plain, shot), opened(wrapped, shot)
    assert got.errors == []
    assert clicks_of(got) == clicks_of(want) == [(200, 800)]
    (a,), (b,) = want.all_sessions, got.all_sessions
    assert (a.start, a.viewport, a.duration_ms) == (b.start, b.viewport, b.duration_ms)
    assert a.events.t.tolist() == b.events.t.tolist()
    source = read_rrweb(wrapped).source
    assert source.startswith(
        {
            "posthog-v2": "PostHog export 2023-04-28",
            "posthog-v1": "PostHog export 2022-12-02",
            "sentry": "Sentry replay segments",
            "ndjson": "rrweb (one event",
            "gzip": "PostHog export 2023-04-28",
        }[wrapper]
    )


@pytest.mark.parametrize("make", [posthog_v2, posthog_v1])
def test_posthog_windows_are_visits_of_their_own(tmp_path, make):
    phone = touch_recording()
    second = [
        meta(T0 + 300, "https://shop.example/pricing", 1280, 720),
        full_snapshot(T0 + 310),
        click(T0 + 900, 30, 40),
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(make({"w-phone": phone, "w-tab2": second})))
    recording = read_rrweb(path)
    assert recording.windows == 2
    assert [v.viewport for v in recording.visits] == [(390, 844), (1280, 720)]
    # Interleaved in time, the two windows' events never mix into one visit.
    taps = recording.visits[0].events
    assert (taps.kind == K.TAP).sum() == 1 and (taps.kind == K.CLICK).sum() == 0
    assert (recording.visits[1].events.kind == K.CLICK).sum() == 1


def test_an_unknown_posthog_version_is_named(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"version": "2031-01-01", "data": {"snapshots": []}}))
    library = open_path(path)
    (problem,) = library.errors
    assert "2031-01-01" in problem.message and "2023-04-28" in problem.message


def test_import_takes_each_container(tmp_path, shot, capsys):
    events = desktop_recording()
    ph = tmp_path / "posthog.json"
    ph.write_text(json.dumps(posthog_v2({"w1": events})))
    se = tmp_path / "sentry.json"
    se.write_text(json.dumps(sentry_segments(events, 4)))
    out = tmp_path / "out"
    argv = ["import", "rrweb", str(ph), str(se), "--screenshot", str(shot), "-o", str(out)]
    assert main(argv) == 0
    library = open_path(out)
    assert len(library.all_sessions) == 2 and clicks_of(library) == [(200, 800), (200, 800)]


def test_a_recording_without_a_screenshot_or_snapshot_says_what_to_give(tmp_path, capsys):
    events = [e for e in desktop_recording() if e["type"] != 2]  # no full snapshot
    path = tmp_path / "export.json"
    path.write_text(json.dumps(posthog_v2({"w1": events})))
    assert main(["heatmap", str(path), "-o", str(tmp_path / "map.png")]) == 2
    err = capsys.readouterr().err
    assert "https://shop.example/pricing" in err and "--screenshot PAGE.png" in err
    assert "no full snapshot of the page to rebuild it from" in err


def test_without_a_browser_one_message_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SESSION_VIEWER_CHROMIUM", str(tmp_path / "no-such-browser"))
    monkeypatch.setenv("SESSION_VIEWER_CACHE", str(tmp_path / "cache"))  # nothing rebuilt yet
    path = tmp_path / "export.json"
    path.write_text(json.dumps(posthog_v2({"w1": desktop_recording()})))
    assert main(["heatmap", str(path), "-o", str(tmp_path / "map.png")]) == 2
    err = capsys.readouterr().err
    assert "no Chromium was found" in err and "apt install chromium" in err
    assert "--screenshot PAGE.png" in err
