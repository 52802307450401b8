"""Every UI string in Vietnamese and English, one module per area, merged here (a key may be defined once)."""

from __future__ import annotations

from api.strings import browse, core, entity, errors, graphview, search

STRINGS: dict[str, dict[str, str]] = {}
for _module in (core, entity, search, browse, graphview, errors):
    for _key, _value in _module.STRINGS.items():
        if _key in STRINGS:
            raise ValueError(f"UI string {_key!r} is defined twice")
        STRINGS[_key] = _value
