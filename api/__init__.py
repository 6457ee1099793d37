"""The saksgraf service: a FastAPI app and the `saksgraf` CLI, both thin layers over the core."""
