"""Report file -> typed records -> RDF. Readers, extractors and the RDF mapping."""
