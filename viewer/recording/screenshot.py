"""Screenshot files: where they may be, and checking that they are sane images.

A page names its screenshot by a path relative to the page file. The path may not be absolute and
may not lead out of the page file's folder, not even through a symlink: a recording from someone
else must never make us read (or show) an arbitrary file of this machine.
"""

from __future__ import annotations

import warnings
from pathlib import Path, PurePosixPath, PureWindowsPath

from PIL import Image

from viewer.fileio import FileReadError, open_regular
from viewer.recording.errors import RecordingError
from viewer.recording.limits import MAX_SCREENSHOT_PIXELS

# Pillow refuses images over twice its MAX_IMAGE_PIXELS (about 179 megapixels by default), which
# would refuse screenshots under our stated limit; ours is checked on every open instead.
Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS or 0, MAX_SCREENSHOT_PIXELS // 2 + 1)


def resolve_screenshot(page_file: Path, ref: str, field: str) -> Path:
    """Resolve a screenshot reference from a page file, refusing paths that leave its folder.

    Parameters
    ----------
    page_file
        The page file the reference is in.
    ref
        The path as written in the file (``/`` separators).
    field
        The field's name, for the error location.

    Returns
    -------
    Path
        The absolute path of an existing file inside the page file's folder.
    """
    where = f"field '{field}'"
    if not ref:
        raise RecordingError(page_file, "the screenshot path is empty", where)
    if "\x00" in ref:
        raise RecordingError(page_file, "the screenshot path contains a NUL character", where)
    if (
        PurePosixPath(ref).is_absolute()
        or PureWindowsPath(ref).is_absolute()
        or (PureWindowsPath(ref).drive)
    ):
        raise RecordingError(
            page_file,
            f"the screenshot path {ref!r} is absolute; it must be relative to the page file",
            where,
        )
    if ".." in PurePosixPath(ref.replace("\\", "/")).parts:
        raise RecordingError(
            page_file, f"the screenshot path {ref!r} leads out of the page's folder ('..')", where
        )
    folder = page_file.parent.resolve()
    target = (folder / ref).resolve()
    if not target.is_relative_to(folder):
        raise RecordingError(
            page_file,
            f"the screenshot {ref!r} is a link to a file outside the page's folder",
            where,
        )
    if not target.is_file():
        raise RecordingError(page_file, f"the screenshot {ref!r} does not exist", where)
    return target


def screenshot_size(page_file: Path, image: Path, field: str) -> tuple[int, int]:
    """Read a screenshot's pixel size from its header and check it against the pixel limit.

    Only the header is read (fast, for every page on open); :func:`verify_screenshot` decodes the
    whole image.
    """
    where = f"field '{field}'"
    try:
        with warnings.catch_warnings():
            # We apply our own, stated limit below; Pillow's warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with open_regular(image) as f, Image.open(f) as im:
                size = im.size
    except Image.DecompressionBombError:
        raise RecordingError(
            page_file,
            f"the screenshot {image.name!r} is larger than "
            f"{MAX_SCREENSHOT_PIXELS:,} pixels (refused as a possible decompression bomb)",
            where,
        ) from None
    except (OSError, ValueError, SyntaxError, FileReadError) as e:
        raise RecordingError(
            page_file, f"the screenshot {image.name!r} is not a readable image ({e})", where
        ) from None
    w, h = size
    if w <= 0 or h <= 0:
        raise RecordingError(page_file, f"the screenshot {image.name!r} has no pixels", where)
    if w * h > MAX_SCREENSHOT_PIXELS:
        raise RecordingError(
            page_file,
            f"the screenshot {image.name!r} is {w:,} x {h:,} = {w * h:,} pixels, over the "
            f"limit of {MAX_SCREENSHOT_PIXELS:,}",
            where,
        )
    return w, h


def check_scale(
    page_file: Path, image: Path, pixel_size: tuple[int, int], css_size: tuple[int, int]
) -> None:
    """Check that the image is the page at one device pixel ratio (same aspect, within 1 px)."""
    (pw, ph), (w, h) = pixel_size, css_size
    ratio = pw / w
    if abs(ph - h * ratio) > max(1.0, ratio):
        raise RecordingError(
            page_file,
            f"the screenshot {image.name!r} is {pw} x {ph} px, which is not the page's size "
            f"{w} x {h} CSS px at any one device pixel ratio",
            "field 'size'",
        )


def decode_screenshot(page_file: Path | None, image: Path) -> Image.Image:
    """Decode a whole screenshot (RGB, or RGBA when it has transparency): the one decoder that
    ``validate``, the heatmap and clip exports and the window all use, so that they agree on
    which images are damaged.

    Raises
    ------
    RecordingError
        The file is not a regular file, over the pixel limit, or its data is corrupt or
        truncated; located at the page file when it is known.
    """
    where = page_file if page_file is not None else image
    try:
        with warnings.catch_warnings():
            # Our own, stated limit is checked below, before any pixel is decoded.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with open_regular(image) as f, Image.open(f) as im:
                if im.width * im.height > MAX_SCREENSHOT_PIXELS:
                    raise RecordingError(
                        where,
                        f"the screenshot {image.name!r} is {im.width:,} x {im.height:,} pixels, "
                        f"over the limit of {MAX_SCREENSHOT_PIXELS:,}",
                    )
                im.load()
                has_alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
                return im.convert("RGBA" if has_alpha else "RGB")
    except RecordingError:
        raise
    except Image.DecompressionBombError:
        raise RecordingError(
            where,
            f"the screenshot {image.name!r} is over the limit of {MAX_SCREENSHOT_PIXELS:,} pixels",
        ) from None
    except FileReadError as e:
        raise RecordingError(where, f"the screenshot {image.name!r}: {e}") from None
    except MemoryError:
        raise RecordingError(where, f"not enough memory to decode {image.name!r}") from None
    except Exception as e:  # Pillow raises many types for corrupt data
        raise RecordingError(where, f"the screenshot {image.name!r} is damaged ({e})") from None


def verify_screenshot(page_file: Path, image: Path) -> None:
    """Decode the whole screenshot, so that a corrupt or truncated image is found now.

    Raises
    ------
    RecordingError
        The image data is corrupt or truncated.
    """
    decode_screenshot(page_file, image).close()
