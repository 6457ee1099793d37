"""Fact extraction: meetings, cases, treatments, proposals, votes and comments from typed documents."""
