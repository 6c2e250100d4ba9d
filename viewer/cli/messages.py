"""How the command line reports a failure: one line on stderr, and exit status 2."""

from __future__ import annotations

import sys
from pathlib import Path

from viewer.fileio import WriteFailed
from viewer.textformat import printable


def fail(message: str) -> int:
    """Print ``session-viewer: message`` on stderr; the exit status of a failed command."""
    # Each line escaped: a name or id from a recording can never forge a line of output.
    shown = "\n".join(printable(line) for line in message.split("\n"))
    print(f"session-viewer: {shown}", file=sys.stderr)
    return 2


def cannot_write(e: OSError, path: Path | str) -> int:
    """Report that ``path`` (or the file ``e`` names) could not be written."""
    if isinstance(e, WriteFailed):  # already says where, why, and that nothing changed
        return fail(str(e))
    return fail(f"cannot write {e.filename or path}: {e.strerror or e}")


def refused_outputs(protected, force: bool, output, extra=None, flag: str = "") -> int | None:
    """Checked before any work: never over a file of the recordings, never silently over
    another, and ``extra`` (the file of option ``flag``, when given) not ``output`` itself;
    the exit status once said, or None."""
    from viewer.outputs import OutputRefused, check_output

    try:
        for target in (output, extra):
            if target is not None:
                check_output(target, protected, force)
        if extra is not None and extra.resolve() == output.resolve():
            raise OutputRefused(f"{flag} and -o name the same file")
    except OutputRefused as e:
        return fail(str(e))
    return None
