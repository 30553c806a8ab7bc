"""What the price reader hands on: an Observation (one price of one good, on one day, in
one market) and the Carry that a sentence passes to the next of its article."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date

from crawler.enrich.prices.dates import currency_on


@dataclass(frozen=True)
class Observation:
    date: str
    date_exact: bool
    market: str | None
    commodity: str
    price: int
    currency: str
    unit: str
    quote: str
    lang: str

    @classmethod
    def on(
        cls,
        day: date,
        *,
        date_exact: bool,
        market: str | None,
        commodity: str,
        price: int,
        unit: str,
        quote: str,
        lang: str,
    ) -> Observation:
        """An observation of `day`: its date and its currency (old won before the reform)
        both follow from the day, so every reader makes them here."""
        return cls(
            day.isoformat(),
            date_exact,
            market,
            commodity,
            price,
            currency_on(day),
            unit,
            quote,
            lang,
        )

    def moved_to(self, day: date) -> Observation:
        """The same price on another (exact) day, with that day's currency."""
        return replace(self, date=day.isoformat(), date_exact=True, currency=currency_on(day))

    def key(self) -> tuple:
        """What makes two reports the same observation (sources aside)."""
        return (self.date, self.market, self.commodity, self.price, self.currency, self.unit)

    def to_dict(self) -> dict:
        return dict(vars(self))  # the fields, in their order


FIELDS = tuple(f.name for f in fields(Observation))


@dataclass
class Carry:
    """What a sentence hands to the next: the survey date, and the market and good being
    talked about. What a survey sentence says ("Daily NK checked prices in Sinuiju on
    Mar. 4") holds for the whole article; the market and good of a price sentence ("In
    Hyesan, rice sold for ...") until a paragraph without prices (Daily NK's paragraphs
    are a sentence or two: "In Hyesan, it sold for ..." is often the next one)."""

    day: date | None = None
    market: str | None = None
    has_market: bool = False
    ambiguous: bool = False  # the last sentence named several markets: do not guess
    good: str | None = None
    survey: tuple[str | None, bool, str | None] = (None, False, None)  # market, has, good
    that_day: date | None = None  # "이날", "that day": the day named just before
    that_market: str | None = None  # ... and the one market named with it, if any
    since: date | None = None  # the day the last prices looked back to ("지난 3일 ...에서")
    rates: dict[str, int] = field(default_factory=dict)  # the last price of each currency
    told: list[str] = field(default_factory=list)  # the goods of the last prices, in order
    named: str | None = None  # the one good a sentence without prices just named ("it")
    unpriced: str | None = None  # ... the one good of a sentence whose prices were no market's

    def new_paragraph(self) -> None:
        """Back to what the survey said: the last prices' market and good are done."""
        self.market, self.has_market, self.good = self.survey
        self.ambiguous = False
        self.told = []
        self.named = None
        self.unpriced = None
