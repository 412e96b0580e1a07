"""The Flask application: SPARQL endpoint, linked-data pages, downloads, canned queries."""
