"""Semantic and lexical search over the ingested text, linked to the graph (filled by issue 5)."""
