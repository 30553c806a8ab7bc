"""The hostile web: downloader middlewares that decide, per request and per response, what is
fetched and what is kept; every refusal is counted with a reason.

One behaviour per module, registered in crawler/settings.py ("hostile web"). From the engine
to the network:

  destination.py  only the spider's own hosts, never a private/link-local address
  robotstxt.py    robots.txt: 2xx parse, 4xx allow all, 5xx/429/unreachable disallow
  retry.py        exponential backoff with jitter, Retry-After honoured up to a cap
  redirect.py     redirect loops and over-long chains dropped with a reason
  nontext.py      binary bodies (behind any content type) never reach a parser
  encoding.py     UTF-8, else CP949 when the Hangul says so, else dropped (no mojibake);
                  the decision itself is crawler/text/encoding.py
  host_pause.py   (an extension) a 429/503 with Retry-After pauses the whole host
  store_guard.py  (an extension) a store that cannot be written stops the crawl

refusals.py holds their vocabulary: `Skipped` (a refusal, counted where it is raised) and
`failure_reason` (the reason for any other failure), both in terms of crawler/reasons.py.
"""
