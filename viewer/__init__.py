"""session-viewer: replay recorded web sessions and render exact heatmaps over page screenshots.

The package is split into a pure core (no Qt import) and a thin GUI shell:

``viewer.recording``
    The recording format: reading, validating and writing pages and sessions.
``viewer.demo``
    The seeded generator of the bundled demo recordings.
``viewer.gui``
    The desktop application (the only package that imports PySide6).
"""

__version__ = "0.1.0"
