"""coopgraph: a knowledge graph and linked-data publisher for inter-regional cooperation reports."""

__version__ = "0.1.0"
