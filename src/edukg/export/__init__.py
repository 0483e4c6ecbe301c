"""Writers for the built graph: RDF files (serialize.py) and the HTML view (html.py)."""
