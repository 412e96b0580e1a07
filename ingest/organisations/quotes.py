"""Quoted names: where a «…» name ends (nested quotes, a missing final »), outer quotes off."""

from __future__ import annotations

from coopgraph.ingest.organisations.vocabulary import _CLOSE, _OPEN


def flatten(text: str) -> str:
    """One line, single spaces: spans then compare equal across line breaks."""
    return " ".join(text.replace("\xa0", " ").split())


def quoted_end(text: str, start: int) -> int | None:
    """End (exclusive) of the quoted name opening at ``text[start]``, nested quotes allowed.

    Sources often drop the final ``»`` of a nested name ("«Мемориальный комплекс «Брестская
    крепость – герой» (г. Брест…)"): at a "(" or ";" or the end, the last closing quote seen
    ends the name.
    """
    if start >= len(text) or text[start] not in _OPEN + '"':
        return None
    if text[start] == '"':
        end = text.find('"', start + 1)
        return end + 1 if end > 0 else None
    depth, last_close = 0, None
    for i in range(start, len(text)):
        ch = text[i]
        if ch in _OPEN and not (ch == "“" and depth > 0 and _closes_here(text, i)):
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            last_close = i + 1
            if depth == 0:
                return i + 1
        elif ch in "(;" and depth > 0:
            break
    return last_close


def _closes_here(text: str, i: int) -> bool:
    # "“" opens in „…“ pairs and closes in “…”: treat it as closing when a „ is open.
    return "„" in text[:i] and text.rfind("„", 0, i) > text.rfind("“", 0, i)


def unquote(name: str) -> str:
    """Strip one pair of outer quotes; supply the closing quotes a nested name lacks."""
    inner = name[1:-1] if name[:1] in _OPEN + '"' and name[-1:] in _CLOSE + '"' else name.strip('«»"“”„')
    opened = sum(inner.count(c) for c in "«„") - sum(inner.count(c) for c in "»“")
    return inner.strip() + "»" * max(opened, 0)


def quoted_regions(text: str) -> list[tuple[int, int]]:
    regions, i = [], 0
    while i < len(text):
        if text[i] in "«„":
            end = quoted_end(text, i) or len(text)
            regions.append((i, end))
            i = end
        else:
            i += 1
    return regions
