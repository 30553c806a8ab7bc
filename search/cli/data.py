"""export, pairs, stats, entities: the store seen from the command line."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import click

from crawler.store import ArticleFilter
from search.cli import Context, cli
from search.cli.errors import UserError
from search.cli.month_table import print_counts
from search.cli.options import (
    entity_options,
    format_options,
    json_option,
    lang_option,
    since_until_options,
)
from search.cli.output import emit_json, print_note, safe, style

if TYPE_CHECKING:
    from crawler.enrich.entities import Entry, Gazetteer


def _article_filter(
    lang: str | None = None, since: str | None = None, until: str | None = None
) -> ArticleFilter:
    """The store's filter from the command line's --lang/--since/--until."""

    def day(value: str | None) -> date | None:  # checked already by the options' Day type
        return date.fromisoformat(value) if value else None

    return ArticleFilter(lang=lang, since=day(since), until=day(until))


def export_record(rec: dict) -> dict:
    """The stable export shape (documented in the README)."""
    return {
        "url": rec["url"],
        "lang": rec.get("lang"),
        "title": rec.get("title"),
        "subtitle": rec.get("subtitle"),
        "author": ", ".join(rec.get("authors", [])),
        "authors": rec.get("authors", []),
        "published": rec.get("published"),
        "modified": rec.get("modified"),
        "section": rec.get("section"),
        "tags": rec.get("tags", []),
        "body": "\n\n".join(rec.get("body", [])),
        "captions": rec.get("captions", []),
        "translator": rec.get("translator"),
        "editor": rec.get("editor"),
        "pair_url": rec.get("pair_url"),
        "entities": list(rec.get("entities", {})),
        "commodities": list(rec.get("commodities", {})),
        "post_id": rec.get("post_id"),
        "revision": rec.get("revision"),
        "source": rec.get("source", "page"),  # page | rest: where the article was read
    }


def _mentioning(
    ctx: Context, entity: str | None, commodity: str | None
) -> Callable[[dict], bool] | None:
    """Whether a stored article mentions the --entity/--commodity names, as `search` reads
    them: a gazetteer entry by its id among the article's mentions, a name the gazetteer
    lacks as text (its learned forms too), with the same note on stderr."""
    from crawler.enrich import entities
    from search import lexicon, names, plan
    from search.errors import QueryError

    gaz = entities.default()
    learned = None
    tests: list[Callable[[dict], bool]] = []
    for name, want_commodity in ((entity, False), (commodity, True)):
        if not name:
            continue
        if learned is None and gaz.resolve(name) is None:
            learned = lexicon.load(ctx.base)
        try:
            found = plan.name_filter(name, want_commodity, gaz, learned)
        except QueryError as exc:
            raise UserError(str(exc)) from None
        if isinstance(found, plan.NameAsText):
            print_note(found.note)
            tests.append(_by_text(found, names.text_finder(found.texts)))
        else:
            tests.append(lambda rec, ident=found.id: ident in _mentioned(rec))
    return (lambda rec: all(t(rec) for t in tests)) if tests else None


def _mentioned(rec: dict) -> set[str]:
    return set(rec.get("entities", {})) | set(rec.get("commodities", {}))


def _by_text(found, finds: Callable[[str], bool]) -> Callable[[dict], bool]:
    ids = set(found.ids)

    def test(rec: dict) -> bool:
        if ids & _mentioned(rec):
            return True
        parts = [rec.get("title"), rec.get("subtitle"), *rec.get("body", [])]
        return finds("\n".join(p for p in parts + rec.get("captions", []) if p))

    return test


@cli.command()
@format_options("jsonl", "csv", record="article", default="jsonl", flags=True)
@lang_option
@since_until_options
@entity_options
@click.pass_obj
def export(
    ctx: Context,
    fmt: str,
    lang: str | None,
    since: str | None,
    until: str | None,
    entity: str | None,
    commodity: str | None,
) -> None:
    """Print every stored article, one per line, oldest first; --entity/--commodity keep
    those that mention it (a name the gazetteer lacks is found as text, as in `search`).

    \b
    Examples:
      nkwatch export --jsonl > dailynk.jsonl
      nkwatch export --csv --lang ko --since 2025-01-01 > ko-2025.csv
      nkwatch export --entity 평진무역지도국 --commodity coal > pyongjin-coal.jsonl
    """
    keep = _mentioning(ctx, entity, commodity)
    store = ctx.store()
    try:
        rows = store.articles(_article_filter(lang, since, until))
        if keep is not None:
            rows = (rec for rec in rows if keep(rec))
        if fmt == "csv":
            writer = csv.DictWriter(sys.stdout, fieldnames=list(export_record({"url": ""}).keys()))
            writer.writeheader()
            for rec in rows:
                out = export_record(rec)
                for k, v in out.items():  # CSV lands in terminals and spreadsheets
                    if isinstance(v, list):
                        v = "; ".join(map(str, v))
                    if isinstance(v, str):
                        v = safe(v, keep_newlines=True)
                        v = "'" + v if v[:1] in ("=", "+", "@") else v  # no formulas
                    out[k] = v
                writer.writerow(out)
        else:
            for rec in rows:
                emit_json(export_record(rec))
    finally:
        store.close()


@cli.command()
@click.option("--broken", is_flag=True, help="Only pairs whose Korean page is missing.")
@click.option(
    "--unpaired", type=click.Choice(["en", "ko"]), help="Articles of this language without a pair."
)
@json_option("one pair per line (with --unpaired, one article)")
@click.pass_obj
def pairs(ctx: Context, broken: bool, unpaired: str | None, as_json: bool) -> None:
    """List translation pairs (English article -> Korean original) and their status.

    \b
    Examples:
      nkwatch pairs
      nkwatch pairs --broken
      nkwatch pairs --unpaired ko --json
    """
    store = ctx.store()
    try:
        if unpaired:
            for url in store.unpaired(unpaired):
                emit_json({"url": url, "lang": unpaired}) if as_json else click.echo(safe(url))
            return
        rows = store.pairs("broken" if broken else None)
        for row in rows:
            if as_json:
                emit_json(row)
            else:
                click.echo(f"{row['status']:<8} {safe(row['en_url'])} -> {safe(row['ko_url'])}")
        shared = store.shared_originals()
        for ko, ens in shared:
            click.echo(f"warning: {safe(ko)} is the original of {len(ens)} English pages", err=True)
    finally:
        store.close()


@cli.command()
@json_option("the whole report on one line")
@click.pass_obj
def stats(ctx: Context, as_json: bool) -> None:
    """Articles by language and month, pairs, recent crawl runs and their health.

    \b
    Example:
      nkwatch stats
    """
    store = ctx.store()
    try:
        by_month = store.by_month()
        out = {
            "articles": store.count(),
            "pairs": Counter(p["status"] for p in store.pairs()),
            "unpaired": {lang: len(store.unpaired(lang)) for lang in ("en", "ko")},
            "by_month": {
                f"{m or 'unknown'} {lang}": n
                for (lang, m), n in sorted(by_month.items(), key=lambda kv: kv[0][1] or "")
            },
            "runs": [
                {k: r[k] for k in ("id", "started_at", "finished_at", "status", "base_url")}
                | {
                    "pages_fetched": r["summary"].get("pages_fetched"),
                    "alarms": r["summary"].get("alarms", []),
                }
                for r in store.runs(5)
            ],
            "index": _index_health(ctx, store),
        }
    finally:
        store.close()
    if as_json:
        emit_json(out)
        return
    print_counts(out)
    click.echo("recent crawls:")
    for r in out["runs"]:
        click.echo(
            f"  #{r['id']} {r['started_at']} {r['status']:<8} {r['pages_fetched'] or 0:>5}"
            f" pages  {safe(r['base_url'] or '')}"
        )
        for alarm in r["alarms"]:
            click.echo(f"      alarm: {safe(alarm)}")
    ix = out["index"]
    click.echo(
        f"index:    {ix['documents']} documents, {ix['size_mb']} MB, last updated "
        f"{ix['last_indexed'] or 'never'}, {ix['unindexed']} stored articles not yet "
        "indexed" + (f" ({ix['error']})" if ix.get("error") else "")
    )


def _index_health(ctx: Context, store) -> dict:
    """Size and freshness of the index, as the store sees it."""
    from search.indexer import live_dir, open_index

    last, unindexed = store.index_freshness()
    live = live_dir(ctx.base)
    size = sum(f.stat().st_size for f in live.iterdir()) if live else 0
    info = {
        "documents": 0,
        "size_mb": round(size / 1e6, 2),
        "last_indexed": last,
        "unindexed": unindexed,
    }
    try:
        ix = open_index(ctx.base)
        info["documents"] = ix.doc_count()
        ix.close()
    except Exception as exc:  # stats must report a broken index, not die of it
        info["error"] = str(exc)
    return info


@cli.command()
@click.argument("entity_id", required=False)
@click.option(
    "--type",
    "etype",
    type=click.Choice(["organisation", "person", "place", "commodity", "currency"]),
    help="Only this type.",
)
@click.option(
    "--top",
    default=20,
    show_default=True,
    type=click.IntRange(1, 10000),
    help="Entities to list at most.",
)
@since_until_options
@json_option("one entity per line (with an ID, its detail on one line)")
@click.pass_obj
def entities(
    ctx: Context,
    entity_id: str | None,
    etype: str | None,
    top: int,
    since: str | None,
    until: str | None,
    as_json: bool,
) -> None:
    """Entities and commodities by mentions, with both names; or one entity in detail.

    \b
    Examples:
      nkwatch entities --type commodity --top 10
      nkwatch entities 평진무역지도국
    """
    from crawler.enrich import entities as gazetteer

    gaz = gazetteer.default()
    entry = gaz.resolve(entity_id) if entity_id else None
    if entity_id and entry is None:
        raise UserError(gaz.unknown_message(entity_id))
    store = ctx.store()
    try:
        recs = list(store.articles(_article_filter(since=since, until=until)))
    finally:
        store.close()
    if entry is not None:
        detail = _entity_detail(entry, recs)
        if as_json:
            emit_json(detail)
        else:
            _print_entity_detail(detail)
        return
    for row in _entity_ranking(recs, gaz, etype, top):
        if as_json:
            emit_json(row)
        else:
            click.echo(
                f"{row['mentions']:>5} {row['articles']:>4}  {row['id']:<28} "
                f"{row['en']} / {row['ko']}"
            )


def _ids(rec: dict) -> dict[str, int]:
    """Every gazetteer id an article mentions, entities and commodities alike."""
    return {**rec.get("entities", {}), **rec.get("commodities", {})}


def _entity_detail(entry: Entry, recs: list[dict]) -> dict:
    """One entry's names, its articles by month, and what it is mentioned with most."""
    months: Counter = Counter()
    co: Counter = Counter()
    for r in recs:
        ids = _ids(r)
        if entry.id in ids:
            months[(r.get("published") or "")[:7]] += 1
            co.update(i for i in ids if i != entry.id)
    return {
        "id": entry.id,
        "type": entry.type,
        "en": entry.en,
        "ko": entry.ko,
        "en_aliases": list(entry.en_aliases),
        "ko_aliases": list(entry.ko_aliases),
        "articles_by_month": dict(sorted(months.items())),
        "co_occurring": dict(co.most_common(10)),
    }


def _print_entity_detail(d: dict) -> None:
    click.echo(style(f"{d['id']}: {d['en']} / {d['ko']} ({d['type']})", bold=True))
    click.echo(f"aliases: {', '.join(d['en_aliases'] + d['ko_aliases']) or '-'}")
    months = ", ".join(f"{m} {n}" for m, n in d["articles_by_month"].items())
    click.echo(f"articles by month: {months or 'none'}")
    co = ", ".join(f"{i} {n}" for i, n in d["co_occurring"].items())
    click.echo(f"co-occurs with: {co or 'nothing'}")


def _entity_ranking(recs: list[dict], gaz: Gazetteer, etype: str | None, top: int) -> list[dict]:
    """Gazetteer entries by mentions (most first), with the number of articles naming them."""
    mentions: Counter = Counter()
    articles: Counter = Counter()
    for r in recs:
        for ident, n in _ids(r).items():
            mentions[ident] += n
            articles[ident] += 1
    rows = []
    for ident, n in mentions.most_common():
        e = gaz.entries.get(ident)
        if e is None or (etype is not None and e.type != etype):
            continue
        rows.append(
            {
                "id": ident,
                "type": e.type,
                "en": e.en,
                "ko": e.ko,
                "mentions": n,
                "articles": articles[ident],
            }
        )
        if len(rows) == top:
            break
    return rows


@cli.command()
@click.option(
    "--candidates",
    is_flag=True,
    required=True,
    help="List harvested name pairs the gazetteer does not know yet.",
)
@click.option(
    "--min-count",
    default=1,
    show_default=True,
    type=click.IntRange(1),
    help="Only pairs seen in at least this many places.",
)
@json_option("one name pair per line")
@click.pass_obj
def aliases(ctx: Context, candidates: bool, min_count: int, as_json: bool) -> None:
    """Review list of new names: English articles write Korean originals in parentheses,
    e.g. "Pyongjin Joint Venture Company (평진합영무역회사)". Pairs the gazetteer lacks are
    listed for a person to add to crawler/enrich/gazetteer/entities.toml; nothing is added here.

    \b
    Examples:
      nkwatch aliases --candidates
      nkwatch aliases --candidates --min-count 2 --json
    """
    from crawler.enrich import entities as gazetteer
    from search import aliases as harvest

    store = ctx.store()
    try:
        records = list(store.articles(ArticleFilter(lang="en")))
    finally:
        store.close()
    found = harvest.candidates(records, gazetteer.default(), min_count)
    for cand in found:
        if as_json:
            emit_json(cand.to_json())
        else:
            click.echo(f"{cand.count:>4}  {safe(cand.en)} = {safe(cand.ko)}  [{cand.status}]")
            click.echo(style(f"      e.g. {safe(cand.examples[0])}", dim=True))
    if not as_json:
        click.echo(
            f"{len(found)} candidates; add the right ones to "
            "crawler/enrich/gazetteer/entities.toml (reviewed like code)"
        )
