"""Replay clips as MP4 (H.264, through PyAV's own FFmpeg): the file decodes back to the frames
the clip renders (count, size, the cursor where ``state_at`` says), and plays in Chromium's
``<video>`` element."""

from __future__ import annotations

import av
import numpy as np
import pytest
from browser_helpers import needs_chromium, serve
from helpers import DEMO
from PIL import Image

from viewer.recording.native import load_page
from viewer.recording.screenshot import decode_screenshot
from viewer.render import replay_style as style
from viewer.replay.clip import ClipOptions, clip_frames, export_clip
from viewer.replay.clip_video import even_size
from viewer.replay.playhead import Playhead

PAGE = DEMO / "brightside-desktop" / "page.json"


@pytest.fixture(scope="module")
def clip(demo_library, tmp_path_factory):
    page = load_page(PAGE)
    session = max(demo_library.sessions_of(page.id), key=lambda s: len(s.events))
    playhead = Playhead(session, page.height)
    options = ClipOptions(start_ms=2000, end_ms=6000, fps=10, speed=1.0, width=481)  # odd
    out = tmp_path_factory.mktemp("clip") / "clip.mp4"
    n = export_clip(out, page, playhead, options)
    with decode_screenshot(page.path, page.screenshot_for(session.variant)) as im:
        screenshot = im.convert("RGB")
    rendered = [np.asarray(f) for f in clip_frames(screenshot, page, playhead, options)]
    return out, n, rendered, playhead, options


def _decoded(path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        return [f.to_ndarray(format="rgb24") for f in container.decode(stream)]


def test_the_mp4_decodes_to_the_frames_the_clip_renders(clip):
    out, n, rendered, playhead, options = clip
    frames = _decoded(out)
    assert n == len(rendered) == len(frames) == 41  # 2.0 s to 6.0 s, every 100 ms
    h, w, _ = rendered[0].shape
    assert frames[0].shape[:2] == even_size((w, h))[::-1] == (h + h % 2, 482)
    # Lossy, but close: the page's text, the trail, the bar.
    for want, got in zip(rendered, frames, strict=True):
        err = np.abs(got[:h, :w].astype(int) - want.astype(int)).mean()
        assert err < 6, err
    # The cursor's white arrow, where the recording puts the pointer at each frame's time.
    checked = 0
    for i, t in enumerate(options.frame_times()):
        state = playhead.state_at(t)
        if state.cursor is None:
            continue
        vx, vy, vw, _ = state.viewport_rect
        k = options.width / vw
        cx, cy = (state.cursor[0] - vx) * k, (state.cursor[1] - vy) * k
        x, y = round(cx + 0.2 * style.CURSOR_HEIGHT), round(cy + 0.55 * style.CURSOR_HEIGHT)
        if 0 <= x < w and 0 <= y < h - 30:
            assert (frames[i][y, x] > 200).all(), (t, frames[i][y, x])
            checked += 1
    assert checked > 20


def test_the_mp4_plays_in_chromiums_video_element(clip, tmp_path, browser):
    out, n, rendered, _, options = clip
    (tmp_path / "clip.mp4").write_bytes(out.read_bytes())
    (tmp_path / "index.html").write_text('<video id="v" src="clip.mp4" muted></video>')
    base, server = serve(tmp_path)
    try:
        page = browser.new_page()
        page.goto(f"{base}/index.html")
        page.wait_for_function("document.getElementById('v').readyState >= 2", timeout=20_000)
        got = page.evaluate(
            """async () => {
                const v = document.getElementById('v');
                await v.play();
                await new Promise(r => setTimeout(r, 700));
                return {w: v.videoWidth, h: v.videoHeight, duration: v.duration,
                        t: v.currentTime, error: v.error && v.error.code};
            }"""
        )
    finally:
        server.shutdown()
    h, w, _ = rendered[0].shape
    assert got["error"] is None
    assert (got["w"], got["h"]) == even_size((w, h))
    assert got["duration"] == pytest.approx(n / options.fps, abs=0.15)
    assert got["t"] > 0.2  # it played


test_the_mp4_plays_in_chromiums_video_element = needs_chromium(
    test_the_mp4_plays_in_chromiums_video_element
)


def test_an_image_of_odd_size_is_padded_with_its_edge():
    from viewer.replay.clip_video import _padded

    im = Image.new("RGB", (3, 3), (10, 20, 30))
    im.putpixel((2, 2), (200, 0, 0))
    out = np.asarray(_padded(im, (4, 4)))
    assert out.shape == (4, 4, 3) and tuple(out[3, 3]) == (200, 0, 0)
    assert tuple(out[0, 3]) == (10, 20, 30)


def _frames_of(path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def test_the_clip_command_writes_the_windows_clip(tmp_path, capsys, demo_archive):
    from viewer.cli import main as cli_main

    args = ["--page", "brightside-desktop", "--session", "d00001", "--from", "2", "--to", "4"]
    out = tmp_path / "folder.mp4"
    assert cli_main(["clip", str(DEMO), *args, "--fps", "5", "--size", "320", "-o", str(out)]) == 0
    assert "11 frames, 2.0-4.0 s of d00001" in capsys.readouterr().out
    frames = _frames_of(out)
    assert len(frames) == 11 and frames[0].shape[1] == 320
    # The same from the archive (that one session's rows read).
    again = tmp_path / "archive.mp4"
    cli_args = ["clip", str(demo_archive), *args, "--fps", "5", "--size", "320", "-o", str(again)]
    assert cli_main(cli_args) == 0
    capsys.readouterr()
    for a, b in zip(frames, _frames_of(again), strict=True):
        # The same frames encoded twice (x264's threads may round a few pixels differently).
        assert np.abs(a.astype(int) - b.astype(int)).mean() < 1.0
    # The whole page: its shape, the viewport outlined; never over a recording.
    whole = tmp_path / "whole.gif"
    page = load_page(PAGE)
    whole_args = ["clip", str(DEMO), *args, "--whole-page", "--size", "300", "-o", str(whole)]
    assert cli_main(whole_args) == 0
    with Image.open(whole) as im:
        assert im.size == (300, round(300 * page.height / page.width))
    recording = DEMO / "brightside-desktop" / "sessions" / "d00001.session.json.gz"
    before = recording.read_bytes()
    assert cli_main(["clip", str(DEMO), *args, "-o", str(recording), "--force"]) == 2
    assert recording.read_bytes() == before
    assert "is one of the recordings" in capsys.readouterr().err
    nobody = ["clip", str(DEMO), "--page", "brightside-desktop", "--session", "nobody"]
    assert cli_main([*nobody, "-o", str(out), "--force"]) == 2
    assert "no session 'nobody' on page 'brightside-desktop'" in capsys.readouterr().err
