"""HTTP content negotiation: parse an Accept header and pick the best of the server's offers.

Follows RFC 9110 §12.5.1: each offer gets the q-value of the *most specific* media range that
matches it (``text/turtle`` beats ``text/*`` beats ``*/*``, so ``*/*;q=0.1, text/turtle`` still
ranks Turtle at 1); q=0 means "not acceptable"; among equal q-values the server's order decides.
Parameters other than q (``charset=utf-8``) make a range more specific but never exclude an
offer, because no client sends parameters the offers would contradict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str  # "text", or "*"
    subtype: str  # "turtle", or "*"
    q: float
    params: tuple[tuple[str, str], ...] = ()

    def specificity(self, offer: str) -> int:
        """How precisely this range names `offer`: -1 no match, 0 */*, 1 type/*, 2 exact (+params)."""
        otype, _, osub = offer.partition("/")
        if self.type == "*":
            return 0 if self.subtype == "*" else -1
        if self.type != otype:
            return -1
        if self.subtype == "*":
            return 1
        if self.subtype != osub:
            return -1
        return 2 + len(self.params)


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed ranges and q-values are skipped."""
    ranges: list[MediaRange] = []
    for part in (header or "").split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        mtype, _, subtype = media.partition("/")
        if not mtype or not subtype or (mtype == "*" and subtype != "*"):
            continue
        q = 1.0
        params: list[tuple[str, str]] = []
        valid = True
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"')
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    valid = False
                if not 0.0 <= q <= 1.0:
                    valid = False
            elif name:
                params.append((name, value))
        if valid:
            ranges.append(MediaRange(mtype, subtype, q, tuple(params)))
    return ranges


def quality(ranges: Sequence[MediaRange], offer: str) -> float:
    """The q-value the client gives `offer` (0 when no range matches it)."""
    best_specificity, best_q = -1, 0.0
    for r in ranges:
        s = r.specificity(offer)
        if s > best_specificity:
            best_specificity, best_q = s, r.q
    return best_q


def negotiate(header: str | None, offers: Sequence[str]) -> str | None:
    """The best offer for this Accept header, or None when nothing offered is acceptable.

    A missing or empty header (or one with no parseable range) accepts anything: the first offer.
    """
    if not offers:
        return None
    ranges = parse_accept(header)
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for offer in offers:
        q = quality(ranges, offer)
        if q > best_q:
            best, best_q = offer, q
    return best
