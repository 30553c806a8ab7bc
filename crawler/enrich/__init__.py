"""Steps between parsing and storing: language, pairing, entities."""
