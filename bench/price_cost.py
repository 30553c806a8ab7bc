"""CPU cost of price extraction next to the rest of an article's crawl-time work.

`python -m bench.price_cost`: renders the sample site (and, with --synthetic N, N synthetic
story pairs from bench/synth.py), then times per article, medians of 5 rounds: parsing the
page (crawler/parsers), language detection and entity matching (the pipeline stages before
it), and price extraction (crawler/enrich/prices/). Also the price-dense worst case: the
judged passages of tests/eval/prices.toml, each as one article. With --crawl N: whole
crawls of N synthetic pairs with and without the price stage (CPU of the crawl process);
--against DIR crawls another checkout (say a worktree of main) in the same rounds.
Every synthetic article carries prices (bench/synth.py writes a price into each story), so
the crawl is the stage's worst case, not the real site's mix.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


# One crawl in a fresh process. With prices, the CPU time spent in the price stage and in
# storing its rows is summed in-process (thread CPU around each call) and printed with the
# process's total: a share measured within one run, unlike the with/without difference of
# two runs, which the neighbours' load on a shared machine blurs.
_CRAWL = """
import json, os, resource, sys, time
import crawler.settings as s
from crawler import pipelines, store
if os.environ.get("NKWATCH_BENCH_NO_PRICES"):
    s.ITEM_PIPELINES = {k: v for k, v in s.ITEM_PIPELINES.items() if "Price" not in k}
spent = [0.0]
def timed(fn):
    def wrapper(*args, **kwargs):
        start = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[0] += time.thread_time() - start
    return wrapper
pipelines.PricePipeline.process_item = timed(pipelines.PricePipeline.process_item)
# the rows' writes (an older checkout wrote them in their own transaction)
rows = "_replace_prices" if hasattr(store.Store, "_replace_prices") else "replace_article_prices"
setattr(store.Store, rows, timed(getattr(store.Store, rows)))
from pathlib import Path
from crawler.run import run_crawl
run_crawl(Path(sys.argv[1]), sys.argv[2], max_pages=1000, since=None, recrawl_days=0,
          full=True, delay=None, verbose=False, source="pages")
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"prices_s": spent[0], "total_s": ru.ru_utime + ru.ru_stime}))
"""


@dataclass
class CrawlCost:
    with_prices_s: float  # median CPU of whole crawls with the price stage
    without_s: float  # ... and without it
    share: float  # median in-process share of the price stage in the crawl's CPU

    @property
    def added(self) -> float:
        return (self.with_prices_s - self.without_s) / self.without_s


def crawl_cpu(
    n_pairs: int, rounds: int = ROUNDS, trees: tuple[str | None, ...] = (None,)
) -> list[CrawlCost]:
    """Whole crawls of `n_pairs` synthetic pairs (process start-up included), with and
    without the price pipeline stage, alternating; per source tree (None: this one; another
    checkout's path: its code, crawled in the same rounds, so that a before/after comparison
    shares the machine's load)."""
    import json
    import os
    import resource
    import subprocess
    import sys
    import tempfile

    from bench import synth

    # Byte-compile each tree's code first, as installing it does: otherwise, wherever the
    # environment sets PYTHONDONTWRITEBYTECODE, every crawl compiles the modules' source
    # again, a cost no installed crawler pays (about 2 % of the price stage's time).
    for tree in trees:
        root = Path(tree) if tree else Path(__file__).resolve().parent.parent
        for package in ("crawler", "search"):
            compileall.compile_dir(root / package, quiet=1)
    server = synth.serve(n_pairs)
    runs: dict[tuple[int, bool], list[float]] = {
        (t, p): [] for t in range(len(trees)) for p in (True, False)
    }
    shares: dict[int, list[float]] = {t: [] for t in range(len(trees))}
    try:
        for _ in range(rounds):
            for t, tree in enumerate(trees):
                for with_prices in (True, False):
                    env = dict(os.environ)
                    env.pop("PYTHONPATH", None)
                    if not with_prices:
                        env["NKWATCH_BENCH_NO_PRICES"] = "1"
                    with tempfile.TemporaryDirectory() as data:
                        before = resource.getrusage(resource.RUSAGE_CHILDREN)
                        done = subprocess.run(
                            [sys.executable, "-c", _CRAWL, data, server.base_url],
                            check=True,
                            env=env,
                            capture_output=True,
                            text=True,
                            cwd=tree,
                        )
                        after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    runs[(t, with_prices)].append(
                        after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                    )
                    if with_prices:
                        own = json.loads(done.stdout.strip().splitlines()[-1])
                        shares[t].append(own["prices_s"] / own["total_s"])
    finally:
        server.stop()
    return [
        CrawlCost(
            statistics.median(runs[(t, True)]),
            statistics.median(runs[(t, False)]),
            statistics.median(shares[t]),
        )
        for t in range(len(trees))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=0, help="also N synthetic pairs")
    parser.add_argument(
        "--crawl", type=int, default=0, help="also crawl N synthetic pairs with and without"
    )
    parser.add_argument(
        "--against",
        metavar="DIR",
        help="with --crawl: also crawl with another checkout's code, in the same rounds",
    )
    args = parser.parse_args()
    if args.crawl:
        trees = (None, args.against) if args.against else (None,)
        for tree, cost in zip(trees, crawl_cpu(args.crawl, trees=trees), strict=True):
            print(
                f"{tree or 'this checkout'}: crawl of {args.crawl} synthetic pairs, medians of"
                f" {ROUNDS}: price stage {cost.share:.1%} of the crawl's CPU (in-process; it adds"
                f" {cost.share / (1 - cost.share):.1%} to the rest);"
                f" whole crawls with prices {cost.with_prices_s:.2f} s, without"
                f" {cost.without_s:.2f} s: +{cost.added:.1%}"
            )
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
