"""Extractors, one module per kind of thing found; document.py runs them over one document."""
