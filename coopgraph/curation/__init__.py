"""The curator's side of corrections: the review grid of a stored report (`review`), the entity
list (`entities`) and the re-ingest that applies a new correction at once (`reingest`).

They read the store and call the pipeline; the corrections themselves (files, applying them to
records, provenance) are part of the ingest stage: `coopgraph.ingest.corrections`.
"""
