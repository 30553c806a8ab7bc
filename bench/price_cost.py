"""CPU cost of price extraction next to the rest of an article's crawl-time work.

`python -m bench.price_cost`: renders the sample site (and, with --synthetic N, N synthetic
story pairs from bench/synth.py), then times per article, medians of 5 rounds: parsing the
page (crawler/parsers), language detection and entity matching (the pipeline stages before
it), and price extraction (crawler/enrich/prices.py). Also the price-dense worst case: the
judged passages of tests/eval/prices.toml, each as one article.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from crawler.enrich import entities, language, prices
from crawler.parsers import parse_article
from crawler.sample_site.build import render_site

ROUNDS = 5


def _median_seconds(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def measure(pages: dict[str, bytes]) -> dict[str, float]:
    gaz = entities.default()
    parsed = [parse_article(html.decode("utf-8"), url) for url, html in pages.items()]
    for art in parsed:
        art.lang = language.detect(f"{art.title}\n{art.text}")[0]

    def parse() -> None:
        for url, html in pages.items():
            parse_article(html.decode("utf-8"), url)

    def enrich() -> None:
        for art in parsed:
            language.detect(f"{art.title}\n{art.text}")
            gaz.match("\n".join([art.title, *art.body]), art.lang)

    def extract() -> None:
        for art in parsed:
            prices.of_article(art.body, art.lang, art.published)

    extract()  # warm the lexicon, as the first article of a crawl does
    return {
        "articles": len(parsed),
        "parse_s": _median_seconds(parse),
        "language_entities_s": _median_seconds(enrich),
        "prices_s": _median_seconds(extract),
    }


def _site_pages(records=None) -> dict[str, bytes]:
    base = "http://127.0.0.1:1"
    site = render_site(base, records)
    skip = ("/category/", "/all/", "/feed/", "/wp-json/", "market-trends", "__404__")
    return {
        base + path: res.body
        for path, res in site.items()
        if res.content_type.startswith("text/html")
        and path not in ("/", "/english/")
        and not any(s in path for s in skip)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=0, help="also N synthetic pairs")
    args = parser.parse_args()
    runs = {"sample site": _site_pages()}
    if args.synthetic:
        from bench import synth

        runs[f"synthetic {args.synthetic} pairs"] = _site_pages(list(synth.stories(args.synthetic)))
    for name, pages in runs.items():
        m = measure(pages)
        rest = m["parse_s"] + m["language_entities_s"]
        print(
            f"{name}: {m['articles']} articles; per article: parse "
            f"{m['parse_s'] / m['articles'] * 1e3:.2f} ms, language+entities "
            f"{m['language_entities_s'] / m['articles'] * 1e3:.2f} ms, prices "
            f"{m['prices_s'] / m['articles'] * 1e3:.3f} ms = {m['prices_s'] / rest:.1%} of "
            "parse+language+entities"
        )
    from search import evaluate_prices

    passages = evaluate_prices.load()
    t = _median_seconds(lambda: [prices.extract(p.text, p.lang, p.published) for p in passages])
    print(
        f"price-dense worst case: {len(passages)} judged passages,"
        f" {t / len(passages) * 1e3:.3f} ms each"
    )


if __name__ == "__main__":
    main()
