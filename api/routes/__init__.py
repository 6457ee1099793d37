"""The HTTP routes of the API, one module per concern; each calls core functions and holds no domain logic."""
