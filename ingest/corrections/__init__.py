"""Corrections as the ingest stage applies them: the correction files and their records
(`files`), applying them to a report's extracted records (`edits`, `apply_entities`, `apply`),
and their provenance in the report's graph (`rdf`).

They live inside the ingest stage because they work on its records, between extraction and the
RDF mapping: a row goes pipeline -> ingest (read, extract, correct, map to RDF, add the
corrections' provenance) -> shapes, one way. The curator's side, which reads the store and
writes correction files, is `coopgraph.curation`.
"""
