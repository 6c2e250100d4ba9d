"""The app's remembered settings, in one INI file whose path can be injected.

Tests pass their own path (or set ``SESSION_VIEWER_SETTINGS``), so they never touch the user's
settings. A settings file that cannot be read is set aside (``.corrupt``) and the app starts from
the defaults, saying so.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QStandardPaths

from viewer.state.heatmap_params import REMEMBERED
from viewer.state.heatmap_settings import HeatmapSettings
from viewer.textformat import is_text

ENV_VAR = "SESSION_VIEWER_SETTINGS"
MAX_RECENT = 10


def default_path() -> Path:
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
    return Path(base or Path.home() / ".config") / "session-viewer.ini"


class AppSettings:
    """Recent files, window geometry and the last heatmap settings.

    Parameters
    ----------
    path
        The INI file; default: ``$SESSION_VIEWER_SETTINGS`` or the platform's config folder.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.notice = ""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)
        if self._q.status() != QSettings.Status.NoError:
            aside = self.path.with_name(self.path.name + ".corrupt")
            try:
                os.replace(self.path, aside)
                where = f"; the old file is kept as {aside.name}"
            except OSError:
                where = ""
            self.notice = (
                f"The settings file {self.path} could not be read{where}. Defaults are used."
            )
            self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    # -- recent files -------------------------------------------------------------------------
    def recent(self) -> list[str]:
        value = self._q.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def add_recent(self, path: Path | str) -> list[str]:
        entry = str(Path(path).resolve())
        if not is_text(entry):
            # Qt keeps settings as Unicode text: a name that is not UTF-8 would come back as
            # another path, so such a folder is not remembered rather than remembered wrong.
            return self.recent()
        items = [entry] + [r for r in self.recent() if r != entry]
        self._q.setValue("recent", items[:MAX_RECENT])
        self._q.sync()
        return self.recent()

    def clear_recent(self) -> None:
        self._q.setValue("recent", [])
        self._q.sync()

    # -- values ------------------------------------------------------------------------------
    def get(self, key: str, default, type_=None):
        value = self._q.value(key, default)
        if type_ is None or value is None:
            return value
        try:
            return type_(value)
        except (TypeError, ValueError):
            return default

    def set(self, key: str, value) -> None:
        self._q.setValue(key, value)

    def sync(self) -> None:
        self._q.sync()

    # -- where exports go -------------------------------------------------------------------
    def export_folder(self) -> Path:
        """Where an export dialog starts: the folder of the last export; else beside the last
        recordings opened, unless they are the program's own (the demo, in the package or its
        working copy); else the user's Pictures folder; else home. Never inside the package."""
        from viewer.demo.workspace import data_folder

        own = (Path(__file__).resolve().parent.parent, data_folder().resolve())
        saved = str(self.get("export/folder", "") or "")
        candidates = [Path(saved)] if saved else []
        candidates += [Path(r).parent for r in self.recent()[:1]]
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        candidates += [Path(pictures)] if pictures else []
        for folder in candidates:
            resolved = folder.resolve()
            if folder.is_dir() and not any(resolved.is_relative_to(o) for o in own):
                return folder
        return Path.home()

    def remember_export(self, path: Path | str) -> None:
        """The next export dialog starts in ``path``'s folder."""
        if is_text(str(Path(path).parent)):
            self.set("export/folder", str(Path(path).parent))
            self.sync()

    # -- the heatmap ---------------------------------------------------------------------------
    def heatmap_settings(self) -> HeatmapSettings:
        """The heatmap settings saved last time (the remembered ones), over the defaults; a
        hand-edited value that cannot be used leaves the defaults."""
        saved = {}
        for key, type_ in REMEMBERED.items():
            value = self.get(f"heatmap/{key}", None, type_)
            if value is not None:
                saved[key] = value
        try:
            return HeatmapSettings(**saved)
        except (TypeError, ValueError):
            return HeatmapSettings()

    def save_heatmap_settings(self, settings: HeatmapSettings) -> None:
        for key in REMEMBERED:
            self.set(f"heatmap/{key}", str(getattr(settings, key)))

    # -- window geometry -----------------------------------------------------------------------
    def save_geometry(self, rect: QRect, maximized: bool) -> None:
        self._q.setValue("window/rect", [rect.x(), rect.y(), rect.width(), rect.height()])
        self._q.setValue("window/maximized", bool(maximized))

    def restored_geometry(self, screens: list[QRect]) -> tuple[QRect | None, bool]:
        """The saved window rectangle, only if it still fits on one of ``screens``."""
        raw = self._q.value("window/rect")
        maximized = str(self._q.value("window/maximized", "false")).lower() == "true"
        try:
            x, y, w, h = (int(v) for v in raw)  # type: ignore[union-attr]
        except (TypeError, ValueError):
            return None, maximized
        rect = QRect(x, y, w, h)
        for screen in screens:
            if screen.contains(rect) or (
                screen.intersected(rect).width() * screen.intersected(rect).height() >= 0.8 * w * h
            ):
                return rect, maximized
        return None, maximized
