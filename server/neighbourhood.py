"""A small picture of a resource and the resources it links to, drawn as server-side SVG.

The layout is a star: the resource in the middle, up to `MAX_NODES` neighbours on a circle.
Only positions are computed here; templates/_neighbourhood.html draws them, so every label
goes through Jinja's autoescaping like the rest of the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coopgraph.server.describe import Description

MAX_NODES = 14
WIDTH, HEIGHT = 880, 420
RADIUS_X, RADIUS_Y = 200, 160
MAX_LABEL = 26


@dataclass(frozen=True)
class Node:
    x: float
    y: float
    label: str  # shortened, for the picture
    title: str  # full label and the link's property, for the tooltip
    href: str | None
    anchor: str = "middle"  # text-anchor: labels on the sides grow away from the centre
    label_x: float = 0.0
    label_y: float = 0.0


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    centre: Node
    nodes: tuple[Node, ...]
    more: int  # neighbours left out


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def picture(description: Description) -> Picture | None:
    """None when the resource links to nothing."""
    seen: dict[str, tuple[str, str, str | None]] = {}
    for prop_label, value in description.links:
        key = value.href or value.external or value.text
        if key in seen or key == description.iri:
            continue
        seen[key] = (value.text, prop_label, value.href)
    if not seen:
        return None
    chosen = list(seen.values())[:MAX_NODES]
    cx, cy = WIDTH / 2, HEIGHT / 2
    nodes = []
    for i, (text, prop_label, href) in enumerate(chosen):
        angle = -math.pi / 2 + 2 * math.pi * i / len(chosen)
        x, y = round(cx + RADIUS_X * math.cos(angle), 1), round(cy + RADIUS_Y * math.sin(angle), 1)
        side = math.cos(angle)
        anchor = "middle" if abs(side) < 0.05 else ("start" if side > 0 else "end")
        if abs(side) < 0.5:  # near the top or bottom: label over or under the dot
            label_x, label_y = x, y + (20 if y > cy else -12)
        else:  # on the sides: label beside the dot, growing away from the centre
            label_x, label_y = x + (10 if side > 0 else -10), y + 4
        nodes.append(Node(x, y, shorten(text), f"{prop_label}: {text}", href, anchor, label_x, label_y))
    centre = Node(cx, cy, shorten(description.label, 40), description.label, None, "middle", cx, cy - 16)
    return Picture(WIDTH, HEIGHT, centre, tuple(nodes), max(0, len(seen) - MAX_NODES))
