"""lexicon: what the archive's translation pairs taught nkwatch, in both directions."""

from __future__ import annotations

import click

from search.cli import Context, cli
from search.cli.errors import UserError
from search.cli.options import json_option
from search.cli.output import emit_json, safe


@cli.command()
@click.argument("words", nargs=-1, required=True)
@json_option("one word, its terms and their translations")
@click.pass_obj
def lexicon(ctx: Context, words: tuple[str, ...], as_json: bool) -> None:
    """Show the translations learned from the archive's own "Read in Korean" pairs for
    WORDS (English or Korean), with how often each pair was seen together (Dice score,
    shared paragraphs, paragraphs with the word), and the names articles gloss as
    "English (한글)". Queries use them, below the curated glossary and gazetteer, for what
    those lack. Learned by `nkwatch index rebuild` and after crawls; derived from the
    store, never edited by hand.

    \b
    Examples:
      nkwatch lexicon crackdown
      nkwatch lexicon 단속 밀수
      nkwatch lexicon smuggling --json
    """
    from crawler.text import hangul
    from search import lexicon as lx

    lex = lx.load(ctx.base)
    if not lex.pairs:
        raise UserError(
            f"no lexicon in {ctx.base} yet: run `nkwatch index rebuild` (it learns one "
            "from the stored translation pairs)"
        )
    for word in words:
        lang = "ko" if hangul.has_syllable(word) else "en"
        terms = sorted(lx.korean_terms(word) if lang == "ko" else lx.english_terms(word))
        found = [
            {"term": t, "seen": lex.counts.get(t, 0), "translations": lex.translate(t, lang)}
            for t in terms
        ]
        names = lex.name(word)
        if as_json:
            emit_json(
                {
                    "word": word,
                    "lang": lang,
                    "names": names,
                    "terms": [
                        {**f, "translations": [t.to_json() for t in f["translations"]]}
                        for f in found
                    ],
                }
            )
            continue
        if names:
            click.echo(f"{safe(word)} [name]: {safe(', '.join(names))}")
        if not names and not any(f["translations"] for f in found):
            click.echo(f"{safe(word)}: nothing learned (from {lex.pairs} pairs)")
            continue
        for f in found:
            pairs = ", ".join(
                f"{t.word} ({t.dice:.2f}, {t.together} together)" for t in f["translations"]
            )
            click.echo(f"{safe(word)} [{f['term']}, in {f['seen']}]: {pairs or '-'}")
    if not as_json:
        click.echo(f"(learned from {lex.pairs} pairs, {lex.units} aligned paragraphs)", err=True)
