"""Text analysis for both languages: pure functions here, Whoosh wrappers in analyzers.py."""
