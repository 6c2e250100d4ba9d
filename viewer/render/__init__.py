"""Turning analysis results into pixels: colour scales, overlays, legends, PNG export.

Pure Pillow and numpy; never Qt.
"""
