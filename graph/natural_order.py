"""Sort keys that read numbers as numbers: "Điều 2" before "Điều 10" (entity links, graph views, impact lists)."""

from __future__ import annotations

import re


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key reading digit runs as numbers: "Điều 2" before "Điều 10"."""
    return tuple((0, int(part)) if part.isdecimal() else (1, part) for part in re.split(r"(\d+)", text.casefold()) if part)
