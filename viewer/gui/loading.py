"""Screenshots for the window: decoded by the core's one decoder, handed to Qt as images."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from viewer.recording.screenshot import decode_screenshot


def read_screenshot(page_file: Path | None, path: Path) -> QImage:
    """Decode a screenshot into a QImage (safe on a worker thread).

    Decoded by Pillow, the same decoder as ``validate`` and the exports (so a damaged image is
    the same one error everywhere), then handed to Qt without another decode.

    Raises
    ------
    RecordingError
        The image is damaged, over the pixel limit, or not a regular file.
    """
    im = decode_screenshot(page_file, Path(path))
    try:
        fmt = QImage.Format.Format_RGBA8888 if im.mode == "RGBA" else QImage.Format.Format_RGB888
        data = im.tobytes()
        w, h = im.size
        # QImage does not own ``data``; the copy does (one copy, then the bytes are freed).
        return QImage(data, w, h, w * len(im.mode), fmt).copy()
    finally:
        im.close()
