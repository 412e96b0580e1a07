"""SHACL shapes and the validation step between RDF and the store."""
