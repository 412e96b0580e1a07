"""The coopgraph namespace as a closed namespace: a typo in a term is an error, not a new IRI.

>>> CG.rowNumber
rdflib.term.URIRef('https://w3id.org/coopgraph/ns#rowNumber')
>>> CG.rowNumbr
Traceback (most recent call last):
...
AttributeError: term 'rowNumbr' not in namespace 'https://w3id.org/coopgraph/ns#'

Every term declared in ontology/coopgraph.ttl is listed here, and only those
(tests/test_ontology.py checks both directions).
"""

# No `from __future__ import annotations`: DefinedNamespace reads the annotations as classes.
from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from coopgraph.ontology.vocab import CG_NS


class CG(DefinedNamespace):
    _NS = Namespace(CG_NS)
    _fail = True

    # classes
    Agreement: URIRef
    CooperationEvent: URIRef
    Flag: URIRef
    ParticipantCount: URIRef
    Report: URIRef
    SourceFile: URIRef

    # report and source file
    periodStart: URIRef
    periodEnd: URIRef
    rowCount: URIRef
    fileName: URIRef
    sha256: URIRef
    encoding: URIRef

    # event provenance
    inReport: URIRef
    rowNumber: URIRef
    rowPosition: URIRef
    sourceText: URIRef
    sourceColumn: URIRef
    sourceTitle: URIRef
    sourcePlace: URIRef
    sourceDates: URIRef
    sourceContent: URIRef
    sourceParticipants: URIRef
    sourceSector: URIRef
    warning: URIRef
    flag: URIRef
    flagKind: URIRef

    # event: what and when
    eventType: URIRef
    sector: URIRef
    dateText: URIRef
    datesInferredYear: URIRef
    occursDuring: URIRef
    precision: URIRef

    # event: who and where
    involves: URIRef
    position: URIRef
    region: URIRef
    belarusRegion: URIRef
    country: URIRef

    # counts
    participantCount: URIRef
    hasCount: URIRef
    countKind: URIRef
    bound: URIRef
    unit: URIRef

    # agreements
    agreement: URIRef
    agreementKind: URIRef
    party: URIRef
    signedOn: URIRef
    approvalNumber: URIRef
    approvalDate: URIRef
    registrationNumber: URIRef
    registrationDate: URIRef

    # organisations, people, places
    legalForm: URIRef
    founderCountry: URIRef
    initials: URIRef
    placeKind: URIRef
    settlementType: URIRef
    isoCode: URIRef

    # corrections
    Correction: URIRef
    correctedBy: URIRef
    field: URIRef
    action: URIRef
    replacedValue: URIRef
    newValue: URIRef
    correctionSource: URIRef

    # network analysis (coopgraph/network/analysis.py)
    NetworkAnalysis: URIRef
    AnalysisParameter: URIRef
    NodeScores: URIRef
    Community: URIRef
    networkKind: URIRef
    parameter: URIRef
    parameterName: URIRef
    parameterValue: URIRef
    nodeCount: URIRef
    edgeCount: URIRef
    scoresOf: URIRef
    degree: URIRef
    weightedDegree: URIRef
    betweenness: URIRef
    pageRank: URIRef
    componentIndex: URIRef
    crossBorderPartners: URIRef
    community: URIRef
    communityIndex: URIRef
    hasMember: URIRef


def cg_terms() -> frozenset[URIRef]:
    """Every term of the namespace, as IRIs."""
    return frozenset(CG[name] for name in CG.__annotations__ if not name.startswith("_"))
