"""Spiders: discovery only. Parsing fields is the parsers' job."""
