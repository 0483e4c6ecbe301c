"""edukg: a knowledge-graph builder for Chinese regional education reports."""

__version__ = "0.1.0"
