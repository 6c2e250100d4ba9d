"""Exported heatmap images: size, untouched pixels, legend, metadata, atomic writes, CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from helpers import DEMO, make_session, on_demo_desktop, page_doc, write_json
from PIL import Image

from viewer.analysis.heatmaps import HeatmapSettings
from viewer.cli import main
from viewer.library import open_path
from viewer.recording import EventKind as K
from viewer.recording import load_page
from viewer.render import colormaps
from viewer.render.export import (
    ExportOptions,
    read_metadata,
    render_heatmap,
    write_density_npy,
    write_heatmap_png,
)


@pytest.fixture
def striped_page(tmp_path):
    """A 300 x 600 CSS px page whose screenshot (at 2x) has a pattern, so changes show."""
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (1200, 600, 3), dtype=np.uint8)
    Image.fromarray(pixels, "RGB").save(tmp_path / "shot.png")
    write_json(tmp_path / "page.json", page_doc(size=[300, 600]))
    return load_page(tmp_path / "page.json"), pixels


def test_png_has_the_screenshot_size_and_untouched_pixels_where_nothing_happened(striped_page):
    page, pixels = striped_page
    sessions = [make_session([(0, K.CLICK, 150, 100), (10, K.CLICK, 152, 104)])]
    rendered = render_heatmap(page, sessions, HeatmapSettings(kind="click", sigma=10))
    image = np.asarray(rendered.image)
    assert rendered.image.size == (600, 1200)  # the screenshot's pixels (device pixel ratio 2)
    zero = rendered.heatmap.raw == 0
    assert zero.mean() > 0.8
    assert np.array_equal(image[zero], pixels[zero])  # exactly the screenshot there
    # Under the clicks the colour changed, and the hottest pixel is at the clicks.
    row, col = np.unravel_index(np.argmax(rendered.heatmap.raw), zero.shape)
    assert abs(col / 2 - 151) <= 2 and abs(row / 2 - 102) <= 3
    assert not np.array_equal(image[row, col], pixels[row, col])


def test_colour_goes_exactly_as_the_colormap_says(striped_page):
    page, pixels = striped_page
    sessions = [make_session([(0, K.CLICK, 150, 300)])]
    s = HeatmapSettings(kind="click", sigma=20, colormap="inferno", opacity=0.5)
    r = render_heatmap(page, sessions, s)
    row, col = np.unravel_index(np.argmax(r.heatmap.raw), r.heatmap.raw.shape)
    top = colormaps.lut32("inferno", 0.5)[255:256].view(np.uint8)
    alpha = top[3] / 255
    expected = top[:3] * alpha + pixels[row, col] * (1 - alpha)
    assert np.abs(np.asarray(r.image)[row, col].astype(float) - expected).max() <= 1.0


def test_region_zoom_and_legend(striped_page):
    page, _ = striped_page
    sessions = [make_session([(0, K.CLICK, 150, 100)])]
    opts = ExportOptions(region=(100, 50, 100, 120), zoom=1.5, legend=True, filters=("a=b",))
    r = render_heatmap(page, sessions, HeatmapSettings(kind="click"), opts)
    w, h = r.image.size
    assert w == 150 and h > 180  # 180 px of page and a legend strip under it
    assert r.metadata["region"] == [100, 50, 100, 120] and r.metadata["filters"] == ["a=b"]
    with pytest.raises(ValueError, match="not inside the page"):
        render_heatmap(page, sessions, HeatmapSettings(), ExportOptions(region=(250, 0, 100, 10)))


def test_png_metadata_reproduces_the_export(striped_page, tmp_path):
    page, _ = striped_page
    sessions = [make_session([(0, K.MOVE, 150, 100), (900, K.MOVE, 160, 110)], duration_ms=2000)]
    s = HeatmapSettings(kind="move", sigma=14, colormap="viridis", scale="absolute", vmax=30)
    r = render_heatmap(page, sessions, s, ExportOptions(legend=True))
    out = tmp_path / "out" / "move.png"
    out.parent.mkdir()
    write_heatmap_png(out, r)
    meta = read_metadata(out)
    assert meta["settings"]["sigma"] == 14 and meta["settings"]["colormap"] == "viridis"
    assert meta["settings"]["vmax"] == 30 and meta["units"].startswith("seconds per session")
    again = render_heatmap(
        page, sessions, HeatmapSettings(**_settings(meta)), ExportOptions(legend=True)
    )
    assert np.array_equal(np.asarray(again.image), np.asarray(Image.open(out).convert("RGB")))
    write_density_npy(tmp_path / "d.npy", r)
    assert np.array_equal(np.load(tmp_path / "d.npy"), r.heatmap.raw)


def _settings(meta):
    s = dict(meta["settings"])
    if s["t_range"] is not None:
        s["t_range"] = tuple(s["t_range"])
    return s


def test_write_to_an_impossible_place_fails_cleanly(striped_page, tmp_path):
    page, _ = striped_page
    r = render_heatmap(page, [make_session([(0, K.CLICK, 1, 1)])], HeatmapSettings())
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    with pytest.raises(OSError):
        write_heatmap_png(not_a_folder / "x.png", r)
    with pytest.raises(OSError):
        write_heatmap_png(tmp_path / "missing" / "x.png", r)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "page.json", "shot.png"]


def test_failed_encode_leaves_the_old_file(striped_page, tmp_path, monkeypatch):
    page, _ = striped_page
    r = render_heatmap(page, [make_session([(0, K.CLICK, 1, 1)])], HeatmapSettings())
    target = tmp_path / "map.png"
    target.write_bytes(b"old")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("viewer.fileio.os.fsync", boom)
    with pytest.raises(OSError, match="No space left"):
        write_heatmap_png(target, r)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png", "page.json", "shot.png"]


@pytest.mark.parametrize("kind", ["click", "move", "dwell", "scroll"])
def test_cli_heatmap_on_the_demo(tmp_path, kind, capsys):
    out = tmp_path / f"{kind}.png"
    code = on_demo_desktop(
        "heatmap", "--kind", kind, "--legend", "-o", str(out), "--density", str(tmp_path / "d.npy")
    )
    assert code == 0, capsys.readouterr().err
    with Image.open(out) as im:
        assert im.width == 1440 and im.height > 5620  # the page plus its legend
        meta = json.loads(im.text["session-viewer"])
    assert meta["settings"]["kind"] == kind and meta["sessions"] == 300
    assert np.load(tmp_path / "d.npy").shape == (5620, 1440)


def test_cli_uses_the_variant_screenshot_and_equals_the_library_call(tmp_path):
    out = tmp_path / "b.png"
    assert (
        main(
            [
                "heatmap",
                str(DEMO),
                "--page",
                "brightside-mobile",
                "--filter",
                "variant=B",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    meta = read_metadata(out)
    assert meta["screenshot_variant"] == "B" and meta["filters"] == ["variant=B"]
    lib = open_path(DEMO)
    page = lib.page("brightside-mobile")
    sessions = [s for s in lib.sessions_of(page.id) if s.variant == "B"]
    r = render_heatmap(
        page, sessions, HeatmapSettings.for_kind("click"), ExportOptions(filters=("variant=B",))
    )
    assert np.array_equal(np.asarray(r.image), np.asarray(Image.open(out).convert("RGB")))


def test_cli_asks_for_a_page_and_reports_bad_options(tmp_path, capsys):
    assert main(["heatmap", str(DEMO), "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "this folder has 2 pages; choose one with --page" in err
    assert "brightside-mobile" in err
    assert main(["heatmap", str(DEMO), "--page", "nope", "-o", str(tmp_path / "x.png")]) == 2
    assert "no page 'nope'" in capsys.readouterr().err
    assert on_demo_desktop("heatmap", "--colormap", "rainbow", "-o", str(tmp_path / "x.png")) == 2
    assert "unknown colormap 'rainbow'" in capsys.readouterr().err
    assert on_demo_desktop("heatmap", "--filter", "device", "-o", str(tmp_path / "x.png")) == 2
    assert "must look like key=value" in capsys.readouterr().err
    assert (
        on_demo_desktop("heatmap", "--filter", "device=fridge", "-o", str(tmp_path / "x.png")) == 2
    )
    assert "no session of page 'brightside-desktop' matches device=fridge" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "x.png").exists()
