"""What a simulated reader does next, shared by the load benchmarks (bench/load.py, bench/load_ws.py)."""

from __future__ import annotations

import random


def next_stop(rng: random.Random, at: int, stops: int) -> int:
    """A random step of +-1 (inside the story), or one time in three a jump to another of the `stops`."""
    if rng.random() < 1 / 3:
        return rng.choice([i for i in range(stops) if i != at])
    delta = rng.choice((-1, 1))
    return at + delta if 0 <= at + delta < stops else at - delta
