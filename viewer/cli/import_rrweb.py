"""``session-viewer import rrweb``: rrweb recordings made a page and its sessions, with the
boxes of the elements their clicks hit."""

from __future__ import annotations


def rrweb_import(args):
    """(page, sessions, problems, inputs that failed) of ``import rrweb``."""
    from viewer.importers.pages import ScreenshotSpec, page_for_visits, shows
    from viewer.importers.rrweb import RrwebOptions, read_rrweb
    from viewer.importers.rrweb_sessions import visit_sessions
    from viewer.recording import RecordingError
    from viewer.recording.errors import warning

    options = RrwebOptions(dwell_ms=args.dwell_ms)
    recordings, problems, failed = [], [], 0
    for path in args.inputs:
        try:
            recordings.append(read_rrweb(path, options))
        except RecordingError as e:
            problems.append(e.problem)
            failed += 1
    if not recordings:
        return None, [], problems, failed
    visits = [v for r in recordings for v in r.visits]
    if args.screenshot is None:
        from viewer.importers.pages import rebuilt_page_for
        from viewer.importers.rrweb_sessions import url_key

        url = args.url or next((v.url for v in visits if v.url), "")
        same = [v for v in visits if url_key(v.url) == url_key(url)] or visits
        page = rebuilt_page_for(recordings[0].path, same)
        if args.page_id:
            from dataclasses import replace

            page = replace(page, id=args.page_id)
        problems.append(
            warning(
                recordings[0].path,
                f"no --screenshot: the page {page.url or '(no URL)'} was rebuilt from the "
                f"recording's DOM snapshot ({page.width} x {page.height} CSS px); images the "
                "recorder did not inline are empty boxes",
            )
        )
    else:
        spec = ScreenshotSpec(args.screenshot, args.url, args.width, args.page_id)
        page = page_for_visits(spec, visits)
    if args.title:
        from dataclasses import replace

        page = replace(page, title=args.title)
    from viewer.importers.element_boxes import boxed_recordings

    page, recordings, found = boxed_recordings(page, recordings, shows)
    problems += found
    sessions = []
    for rec in recordings:
        found, found_problems = visit_sessions(rec, lambda v: page if shows(page, v) else None)
        sessions += found
        problems += found_problems
    return page, sessions, problems, failed
