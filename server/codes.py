"""Names, in the page language, of the codes the data keeps as plain strings (kinds of places and
of signed documents, the canned queries' parameters and result columns): the codes stay the
data and the API; pages show these names."""

from __future__ import annotations

from flask_babel import lazy_gettext

PLACE_KINDS = {
    "country": lazy_gettext("country"),
    "region": lazy_gettext("region"),
    "district": lazy_gettext("district"),
    "settlement": lazy_gettext("settlement"),
    "venue": lazy_gettext("venue"),
    "address": lazy_gettext("address"),
}
AGREEMENT_KINDS = {
    "agreement": lazy_gettext("agreement"),
    "supplementary-agreement": lazy_gettext("supplementary agreement"),
    "intent-agreement": lazy_gettext("agreement of intent"),
    "plan": lazy_gettext("plan"),
    "memorandum": lazy_gettext("memorandum"),
    "protocol": lazy_gettext("protocol"),
}
COUNT_KINDS = {
    "total": lazy_gettext("total"),
    "part": lazy_gettext("part"),
    "included": lazy_gettext("included in the total"),
}
BOUNDS = {
    "exact": lazy_gettext("exact"),
    "lower": lazy_gettext("at least"),
    "approximate": lazy_gettext("approximately"),
}
PRECISIONS = {
    "day": lazy_gettext("day"),
    "month": lazy_gettext("month"),
    "half-year": lazy_gettext("half-year"),
    "quarter": lazy_gettext("quarter"),
    "year": lazy_gettext("year"),
}
# The report's columns, as cg:sourceColumn names them.
COLUMNS = {
    "number": lazy_gettext("№"),
    "title": lazy_gettext("Title"),
    "place": lazy_gettext("Place"),
    "dates": lazy_gettext("Dates"),
    "content": lazy_gettext("Content and result"),
    "participants": lazy_gettext("Participants"),
    "sector": lazy_gettext("Sector"),
}
# Parameters and result columns of the analyst query pack (coopgraph/publish/queries/*.rq).
QUERY_TERMS = {
    "sector": lazy_gettext("Sector"),
    "region": lazy_gettext("Belarusian region"),
    "report": lazy_gettext("Report"),
    "from": lazy_gettext("from"),
    "to": lazy_gettext("to"),
    "country": lazy_gettext("Country"),
    "agreement": lazy_gettext("Agreement"),
    "approval_date": lazy_gettext("Approved on"),
    "approval_number": lazy_gettext("Approval number"),
    "belarus_name": lazy_gettext("Belarusian organisation"),
    "belarus_org": lazy_gettext("Belarusian organisation (IRI)"),
    "end": lazy_gettext("End"),
    "events": lazy_gettext("Number of events"),
    "legal_form": lazy_gettext("Legal form"),
    "name": lazy_gettext("Name"),
    "organisation": lazy_gettext("Organisation"),
    "participants": lazy_gettext("Participants"),
    "participation_role": lazy_gettext("Participation"),
    "person": lazy_gettext("Person"),
    "places": lazy_gettext("Places"),
    "registration_date": lazy_gettext("Registered on"),
    "registration_number": lazy_gettext("Registration number"),
    "role": lazy_gettext("Role"),
    "row": lazy_gettext("Row"),
    "sector_concept": lazy_gettext("Sector (concept)"),
    "signed": lazy_gettext("Signed"),
    "smolensk_name": lazy_gettext("Smolensk organisation"),
    "smolensk_org": lazy_gettext("Smolensk organisation (IRI)"),
    "start": lazy_gettext("Start"),
    "title": lazy_gettext("Title"),
    "weight": lazy_gettext("Weight"),
}


def name_of(table: dict[str, object], code: str | None) -> str:
    """The code's name, or the code itself when the table does not know it."""
    if not code:
        return ""
    return str(table.get(code, code))
