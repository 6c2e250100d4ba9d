"""The playback clock: the replay position as a pure function of wall time.

``position = start_position + (now - start_wall) * speed``. The window's timer only asks "where
are we now?"; a late or dropped tick shows a later frame, never a wrong one, and the replay never
drifts from the recording.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


@dataclass(frozen=True)
class Clock:
    """Where playback is, as of a wall-clock instant.

    Attributes
    ----------
    position
        Session time (ms) at ``wall``.
    wall
        Wall-clock time (s, e.g. ``time.perf_counter()``) when ``position`` was true.
    speed
        Session ms per wall ms.
    playing
        Whether time advances.
    """

    position: float = 0.0
    wall: float = 0.0
    speed: float = 1.0
    playing: bool = False

    def at(self, now: float) -> float:
        """The session time (ms) at wall time ``now`` (s)."""
        if not self.playing:
            return self.position
        return self.position + (now - self.wall) * 1000.0 * self.speed

    def play(self, now: float) -> Clock:
        return replace(self, position=self.at(now), wall=now, playing=True)

    def pause(self, now: float) -> Clock:
        return replace(self, position=self.at(now), wall=now, playing=False)

    def seek(self, position: float, now: float) -> Clock:
        return replace(self, position=float(position), wall=now)

    def with_speed(self, speed: float, now: float) -> Clock:
        if not speed > 0:
            raise ValueError("speed must be positive")
        return replace(self, position=self.at(now), wall=now, speed=float(speed))


def faster(speed: float) -> float:
    """The next speed up in :data:`SPEEDS` (the fastest stays)."""
    bigger = [s for s in SPEEDS if s > speed + 1e-9]
    return bigger[0] if bigger else SPEEDS[-1]


def slower(speed: float) -> float:
    smaller = [s for s in SPEEDS if s < speed - 1e-9]
    return smaller[-1] if smaller else SPEEDS[0]


@dataclass(frozen=True)
class Step:
    """The outcome of one tick: where to show, and the clock to keep."""

    position: float
    clock: Clock
    finished: bool = False


def advance(
    clock: Clock,
    now: float,
    duration: float,
    idle_end=None,
    loop: tuple[float, float] | None = None,
) -> Step:
    """Where playback is at ``now``, with idle skipping, looping and stopping at the end.

    Parameters
    ----------
    clock
        The current clock.
    now
        Wall time (s).
    duration
        The session's length (ms).
    idle_end
        None, or a function ``t -> end of the idle stretch containing t (or None)``: inside an
        idle stretch the clock jumps to its end (skip idle).
    loop
        (start, end) ms: reaching ``end`` goes back to ``start``.

    Returns
    -------
    Step
        The position to show and the (possibly rebased) clock; ``finished`` when playback
        reached the end and stopped.
    """
    pos = clock.at(now)
    end = loop[1] if loop is not None else duration
    if clock.playing and idle_end is not None:
        # A long jump could land in the next idle stretch, so skip until out of them.
        for _ in range(1000):
            skip_to = idle_end(pos)
            if skip_to is None or skip_to <= pos:
                break
            pos = skip_to
        if pos != clock.at(now):
            clock = clock.seek(pos, now)
    if pos >= end:
        if loop is not None and clock.playing:
            span = max(loop[1] - loop[0], 1e-6)
            pos = loop[0] + (pos - loop[1]) % span
            return Step(pos, clock.seek(pos, now))
        if clock.playing:
            return Step(end, Clock(end, now, clock.speed, playing=False), finished=True)
        pos = min(pos, end)
    return Step(max(pos, 0.0), clock)
