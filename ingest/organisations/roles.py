"""The role an organisation played, from the words before it."""

from __future__ import annotations

import re

from coopgraph.ingest.records import OrgRole

_SUPPORT = re.compile(r"при\s+поддержке\s*$", re.I)
_ORGANISER = re.compile(r"(организатор\w*|организован\w*|разработчик\w*|проводим\w*)[^;.]{0,40}$", re.I)
_FOUNDER = re.compile(r"учредител", re.I)


def _role(text: str, start: int, role: OrgRole) -> OrgRole:
    if role not in (OrgRole.PARTICIPANT, OrgRole.MENTIONED):
        return role
    before = text[max(0, start - 60) : start].rstrip(" –-:")
    if _SUPPORT.search(before):
        return OrgRole.SUPPORTER
    if _ORGANISER.search(before):
        return OrgRole.ORGANISER
    return role
