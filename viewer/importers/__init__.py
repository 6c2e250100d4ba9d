"""Recordings from other tools: rrweb event streams and column-mapped CSV logs.

This package never imports Qt. Importers return our own :class:`~viewer.recording.Session` s;
:mod:`viewer.importers.output` writes them as native recordings.
"""
