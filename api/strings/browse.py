"""UI strings of the browse pages (vi, en)."""

STRINGS: dict[str, dict[str, str]] = {}
