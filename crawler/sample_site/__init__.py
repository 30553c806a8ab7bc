"""The bundled Daily NK-shaped sample site: story records (data) + page templates, rendered
reproducibly for any base URL, and a small server for 127.0.0.1."""
