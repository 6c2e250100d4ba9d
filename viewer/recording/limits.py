"""The stated limits of what a recording may hold.

Every limit is checked while reading, before the memory it guards is spent, and breaking one
gives a :class:`~viewer.recording.errors.RecordingError` naming the limit. The README lists them.
"""

#: Largest recording file we read, after gzip inflation (bytes). A 1,000,000-event session is
#: about 26 MB of JSON.
MAX_FILE_BYTES = 512 * 1024 * 1024

#: Most events in one session (a 6-hour visit with the pointer moving at 20 Hz is 432,000).
#: Checked by counting separators before any column is decoded, so reading never holds more
#: than 5 columns x this many numbers (at most ~0.8 GB while a file is being read).
MAX_EVENTS = 5_000_000

#: Largest absolute coordinate or size, in CSS px. float32 still resolves 1 px at this size.
MAX_COORDINATE = 10_000_000.0

#: Latest event time, in ms since the session started (30 days).
MAX_TIME_MS = 30 * 24 * 3600 * 1000

#: Largest screenshot, in pixels (width x height of the image file): 200 megapixels, e.g. a
#: 1440 x 70,000 CSS px page at a device pixel ratio of 1.4. Guards against decompression bombs.
MAX_SCREENSHOT_PIXELS = 200_000_000

#: Largest page header file (bytes); pages hold no events, so anything bigger is not a page.
MAX_PAGE_FILE_BYTES = 1024 * 1024

#: Most files considered when opening one folder.
MAX_FOLDER_FILES = 200_000

#: Earliest and latest session start we accept (UTC): from the Unix epoch (rrweb and browser
#: logs count ms from it) to the end of 2199, so that the trend code can step six months back
#: and a period forward from any start without leaving the years ``datetime`` handles.
EARLIEST_START_YEAR = 1970
LATEST_START_YEAR = 2199

#: The same bounds as Unix times in ms (what rrweb and browser logs write).
EARLIEST_START_MS = 0
LATEST_START_MS = 7_258_118_400_000 - 1  # 2200-01-01T00:00:00Z, less 1 ms

#: Longest id, tag name, tag value, page title or URL kept from a recording, in characters.
#: Longer ids are refused (an id must be exact); longer tag values, titles and URLs are cut
#: (with a warning), so that one stranger's field can never cost the window gigabytes.
MAX_TEXT_LENGTH = 1000

#: Most tags on one session.
MAX_TAGS = 100

#: Most parts one session may arrive in (the recorder sends a part every few seconds or
#: 48 KB, so this is days of recording).
MAX_PARTS = 100_000
