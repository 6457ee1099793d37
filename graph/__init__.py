"""The knowledge graph: extracted facts as RDF triples in the core vocabulary (filled by issue 3)."""
