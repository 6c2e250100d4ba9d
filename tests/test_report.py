"""``report``: one self-contained HTML file whose numbers are ``stats``', whose images decode,
which asks nothing of the network, whose text is text, and whose PDF has a page per section."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import unicodedata

import pytest
from browser_helpers import needs_chromium
from helpers import DEMO
from PIL import Image

from viewer.cli import main as cli_main

PAGE = "brightside-desktop"
ARGS = ["--page", PAGE, "--by", "variant", "--trend", "month"]


@pytest.fixture(scope="module")
def ab(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    html, pdf = out / "ab.html", out / "ab.pdf"
    status = cli_main(["report", str(DEMO), *ARGS, "-o", str(html), "--pdf", str(pdf)])
    assert status == 0
    return html, pdf


def _stats(capsys, path, *args) -> dict:
    assert cli_main(["stats", str(path), *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _numbers(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="numbers">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_its_numbers_are_the_stats_commands(ab, capsys):
    html = ab[0].read_text()
    capsys.readouterr()
    want = _stats(capsys, DEMO, *ARGS, "--elements")  # the demo names its clicks' elements
    assert _numbers(html) == want
    # What a reader sees is the same: each group's rates as stats prints them.
    assert cli_main(["stats", str(DEMO), *ARGS]) == 0
    table = capsys.readouterr().out
    for cell in re.findall(r"\d+\.\d % \[\d+\.\d-\d+\.\d\] \(\d+/\d+\)", table):
        assert cell in html
    assert "Share of sessions with at least one click or tap." in html  # definitions
    assert "recordings (300 recording files)" in html  # what was read, in "how it was made"
    assert "CTR of Hero CTA is higher for variant=B (14.6 %, 23 of 157) than for variant=A" in html


def test_every_image_is_inside_and_decodes_and_nothing_points_outside(ab):
    html = ab[0].read_text()
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert len(sources) == 5  # four maps and the difference of the groups
    for src in sources:
        assert src.startswith("data:image/png;base64,")
        with Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))) as im:
            im.load()
            assert im.width >= 700
    assert not re.search(r'(src|href)="(?!data:)', html)
    assert "<link" not in html and "@import" not in html and "url(" not in html


@needs_chromium
def test_it_opens_in_chromium_without_a_request_and_its_text_is_text(ab, browser):
    requests = []
    page = browser.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(ab[0].as_uri())
    assert requests == [ab[0].as_uri()]  # the file itself, nothing else
    images = page.evaluate("[...document.images].map(i => i.complete && i.naturalWidth > 0)")
    assert images == [True] * 5
    selected = page.evaluate(
        "() => { document.execCommand('selectAll'); return window.getSelection().toString(); }"
    )
    for words in ("interaction rate", "Hero CTA", "How this was made", "variant=B against"):
        assert words in selected


def test_the_pdf_has_a_page_per_section(ab):
    pypdf = pytest.importorskip("pypdf")
    # NFKC: the PDF's text has the font's ligatures ("ﬀ" for "ff").
    reader = pypdf.PdfReader(str(ab[1]))
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]
    starts = [text.split("\n", 1)[0] for text in pages]
    for title in ("Regions", "Maps", "Where the groups differ", "Trends", "How this was made"):
        assert title in starts, (title, starts)
    assert starts[0].startswith("Brightside")
    assert len(pages) >= 6


def test_an_archives_report_is_the_folders(demo_archive, tmp_path, capsys):
    out = tmp_path / "archive.html"
    assert cli_main(["report", str(demo_archive), *ARGS, "-o", str(out)]) == 0
    capsys.readouterr()
    assert _numbers(out.read_text()) == _stats(capsys, DEMO, *ARGS)


def test_text_from_recordings_is_shown_as_text(tmp_path, capsys):
    folder = tmp_path / "rec"
    shutil.copytree(DEMO / PAGE, folder / PAGE)
    page = json.loads((folder / PAGE / "page.json").read_text())
    page["title"] = "<img src=x onerror=alert(1)><b>Bold</b>"
    (folder / PAGE / "page.json").write_text(json.dumps(page))
    out = tmp_path / "r.html"
    assert cli_main(["report", str(folder), "--page", PAGE, "-o", str(out)]) == 0
    html = out.read_text()
    assert "<b>Bold</b>" not in html and not re.search(r"<img[^>]*onerror", html)
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;b&gt;Bold&lt;/b&gt;" in html


def test_it_never_writes_over_a_recording(tmp_path, capsys):
    recording = DEMO / PAGE / "sessions" / "d00001.session.json.gz"
    before = recording.read_bytes()
    assert cli_main(["report", str(DEMO), "--page", PAGE, "-o", str(recording), "--force"]) == 2
    assert recording.read_bytes() == before
    assert "is one of the recordings" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["folder", "archive"])
def test_the_windows_report_of_a_page_is_the_command_lines(where, demo_archive, capsys):
    import numpy as np

    from viewer.report.build import report_document
    from viewer.workspace.pages import load_recordings
    from viewer.workspace.report_source import page_report_source

    loaded = load_recordings(DEMO if where == "folder" else demo_archive)
    data = loaded.pages[PAGE]
    everyone = np.arange(len(data.sessions))
    src = page_report_source(data, everyone, data.regions, "the window", [], "variant", "month")
    html = report_document(src)
    # A folder's clicks name their elements; an archive's elements are not counted (yet).
    elements = ["--elements"] if where == "folder" else []
    assert _numbers(html) == _stats(capsys, DEMO, *ARGS, *elements)
    assert len(re.findall(r'<img src="data:image/png', html)) == 5
    # A segment: the variant-B sessions of the list alone.
    b = np.flatnonzero(data.labels.variants == "B")
    html = report_document(page_report_source(data, b, data.regions, "w", ["variant=B"]))
    want = _stats(capsys, DEMO, "--page", PAGE, "--filter", "variant=B", *elements)
    assert _numbers(html) == want


def test_recordings_that_name_their_elements_get_an_elements_section(tmp_path, capsys):
    import numpy as np
    from helpers import make_session, page_doc, write_json, write_png

    from viewer.recording import EventKind as K
    from viewer.recording import save_session
    from viewer.recording.clicks import ClickFacts, Element
    from viewer.report.build import report_document
    from viewer.workspace.pages import load_recordings
    from viewer.workspace.report_source import page_report_source

    folder = tmp_path / "rec"
    write_png(folder / "shot.png")
    write_json(folder / "p1.page.json", page_doc())
    buy = Element("#buy", "button", "Buy <b>now</b>", (40, 300, 100, 40))
    for sid, reactions in (("s1", [np.nan, 80.0]), ("s2", [np.nan])):
        rows = [(0, K.MOVE, 5, 5)] + [(1000 * (i + 1), K.CLICK, 60, 310) for i in range(2)]
        rows = rows[: 1 + len(reactions)]
        facts = ClickFacts(np.zeros(len(reactions), int), np.array(reactions), None, (buy,))
        s = make_session(rows, id=sid, viewport=(200, 400), clicks=facts, duration_ms=6000)
        save_session(s, folder / f"{sid}.session.json")
    out = tmp_path / "r.html"
    assert cli_main(["report", str(folder), "-o", str(out)]) == 0
    html = out.read_text()
    assert "<h2>Elements</h2>" in html and "<td>#buy</td>" in html
    assert "Buy &lt;b&gt;now&lt;/b&gt;" in html and "<b>now</b>" not in html
    assert "dead clicks (nothing happened within 1 s): 66.7 %" in html  # 2 of the 3 clicks
    capsys.readouterr()
    want = _stats(capsys, folder, "--elements")
    assert _numbers(html) == want  # the report's numbers are stats --elements'
    data = load_recordings(folder).pages["p1"]
    src = page_report_source(data, np.arange(2), [], "the window", [])
    assert _numbers(report_document(src)) == want  # and the window's report says the same
