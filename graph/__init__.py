"""The knowledge graph: extracted facts as RDF in the core vocabulary, kept per source, queried read-only."""
