"""The Scrapy project: everything from fetching a page up to the store. Never imports Whoosh."""
