"""The examples in recordings/FORMAT.md are valid recordings that mean what the text says."""

from __future__ import annotations

import json
import re

from helpers import DEMO, write_png

from viewer.recording import EventKind, load_page, load_session


def json_examples() -> list[dict]:
    text = (DEMO / "FORMAT.md").read_text()
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S)]


def test_the_page_example_loads(tmp_path):
    page_doc = next(d for d in json_examples() if d.get("type") == "page")
    write_png(tmp_path / "screenshot.png", tuple(page_doc["size"]))
    write_png(tmp_path / "screenshot-B.png", tuple(page_doc["size"]))
    (tmp_path / "page.json").write_text(json.dumps(page_doc))
    page = load_page(tmp_path / "page.json")
    assert page.id == "brightside-desktop" and set(page.variants) == {"B"}


def test_the_session_example_loads_as_described(tmp_path):
    doc = next(d for d in json_examples() if d.get("type") == "session")
    (tmp_path / "s.session.json").write_text(json.dumps(doc))
    s = load_session(tmp_path / "s.session.json")
    assert s.warnings == ()
    kinds = [EventKind(k).label for k in s.events.kind]
    assert kinds == ["move", "move", "move", "dwell", "click", "scroll"]
    dwell = s.events.of_kind(EventKind.DWELL)
    assert dwell.value.tolist() == [1600]
    assert s.end_ms == 73450


def test_the_stated_limits_are_the_ones_enforced():
    from viewer.recording import limits

    format_doc = (DEMO / "FORMAT.md").read_text()
    readme = (DEMO.parent / "README.md").read_text()
    for text in (format_doc, readme):
        assert f"| {limits.MAX_FILE_BYTES >> 20} MiB |" in text
        assert f"| {limits.MAX_EVENTS:,} |" in text
        assert f"{limits.MAX_COORDINATE:,.0f} CSS px" in text
        assert f"| {limits.MAX_FOLDER_FILES:,} |" in text
        assert f"{limits.MAX_TIME_MS // 86_400_000} days" in text
    assert f"| {limits.MAX_SCREENSHOT_PIXELS:,} pixels |" in format_doc
    assert f"| {limits.MAX_SCREENSHOT_PIXELS // 1_000_000} megapixels |" in readme
    for text in (format_doc, readme):
        assert f"| {limits.MAX_PAGE_FILE_BYTES >> 20} MiB |" in text


def test_the_text_date_and_tag_limits_are_stated_as_enforced():
    from viewer.recording import limits

    format_doc = (DEMO / "FORMAT.md").read_text()
    readme = (DEMO.parent / "README.md").read_text()
    span = f"{limits.EARLIEST_START_YEAR} to {limits.LATEST_START_YEAR}"
    for text in (format_doc, readme):
        assert span in text
        assert f"{limits.MAX_TEXT_LENGTH:,} characters" in text
        assert f"{limits.MAX_TAGS} tags" in text or f"| {limits.MAX_TAGS} |" in text


def test_the_archive_section_names_every_column_and_the_manifest_example_reads():
    from viewer.library.archive_format import EVENTS, FORMAT, SESSIONS, VERSION

    text = (DEMO / "FORMAT.md").read_text()
    section = text[text.index("## Archives") :]
    for name in SESSIONS.names + EVENTS.names:
        assert f"`{name}`" in section, name
    manifest = next(d for d in json_examples() if d.get("format") == FORMAT)
    assert manifest["version"] == VERSION and f"format {VERSION}" in section


def test_the_clicks_example_loads_with_the_session_example(tmp_path):
    doc = next(d for d in json_examples() if d.get("type") == "session")
    doc["clicks"] = next(d for d in json_examples() if "clicks" in d)["clicks"]
    (tmp_path / "s.session.json").write_text(json.dumps(doc))
    s = load_session(tmp_path / "s.session.json")
    assert s.warnings == ()
    assert s.clicks.selectors().tolist() == ["#buy"]
    assert s.clicks.reaction_ms.tolist() == [120] and s.clicks.elements[0].box[2] == 200
