"""Text from recordings is shown as the characters it is, never as markup (issue 12, item 4):
an id like ``<img src='/a/local/file.png'>`` must neither show that file nor freeze the window
(a label that guesses rich text would load it)."""

from __future__ import annotations

from helpers import make_session, open_and_wait, page_doc, write_json, write_png
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from viewer.recording import EventKind as K
from viewer.recording.native_write import save_session


def hostile_folder(tmp_path):
    outside = write_png(tmp_path / "private.png", (40, 40), (255, 0, 0))
    img = f"<img src='{outside}'>"
    folder = tmp_path / "rec"
    write_png(folder / "shot.png")
    write_json(folder / "page.json", page_doc(title=f"<b>Bold title</b>{img}"))
    write_json(
        folder / "regions.json",
        {
            "format": "session-viewer",
            "version": 1,
            "type": "regions",
            "page": "p1",
            "regions": [{"name": f"<i>Region</i>{img}", "rect": [10, 10, 100, 50]}],
        },
    )
    rows = [(0, K.MOVE, 20, 30), (500, K.CLICK, 40, 30), (900, K.MOVE, 60, 80)]
    session = make_session(rows, id=f"<b>s1</b>{img}", tags={"variant": f"<u>B</u>{img}"})
    (folder / "sessions").mkdir()
    save_session(session, folder / "sessions" / "s1.session.json")
    return folder, img


def test_recording_text_appears_as_its_characters_everywhere(window, qtbot, tmp_path):
    folder, img = hostile_folder(tmp_path)
    open_and_wait(window, qtbot, folder)
    window.browser.table.selectRow(0)
    window.replays.play(window.pages.current.sessions[0])
    QApplication.processEvents()

    labels = [w for w in QApplication.allWidgets() if isinstance(w, QLabel)]
    guessing = [lb.text() for lb in labels if lb.textFormat() != Qt.TextFormat.PlainText]
    assert guessing == []  # not one label in the window guesses rich text
    # Elided labels show what fits; their whole text is what they hold.
    shown = "\n".join(getattr(lb, "full_text", lb.text)() for lb in labels)
    assert f"<b>s1</b>{img}" in shown  # the replay names the session, markup and all
    assert f"variant <u>B</u>{img}" in shown
    assert f"<b>Bold title</b>{img}" in window.windowTitle()
    # Tooltips have no plain mode: what they say of recordings is escaped.
    tips = [w.toolTip() for w in QApplication.allWidgets() if w.toolTip()]
    tips += [i.toolTip() for i in window.canvas.scene().items() if i.toolTip()]
    assert not any("<img" in t or "<i>" in t for t in tips)
    assert any("&lt;i&gt;Region&lt;/i&gt;&lt;img" in t for t in tips)
    window.replays.exit()


def test_error_dialogs_show_their_text_plainly(window, qtbot):
    window.errors.report("<b>bad</b> <img src='/etc/x.png'>")
    box = window.errors.dialog
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert "<b>bad</b>" in box.text()
    box.close()
