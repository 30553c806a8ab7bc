"""Everything after the store: entities, analysis, the Whoosh index, queries and the CLI."""
