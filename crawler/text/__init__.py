"""Text knowledge of both languages, below everything that reads text: Hangul, Korean
morphology and North/South spelling folding, romanisation keys. Pure functions; the crawl's
enrichment and the search's Whoosh analysers both build on them."""
