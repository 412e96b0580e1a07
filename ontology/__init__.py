"""The coopgraph ontology (Turtle), its closed-namespace Python module and generated docs."""
