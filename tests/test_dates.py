"""Time expressions: resolving them (kg.timex), and attaching them to events (kg.nlp.dating).

The event sentences are verbatim from the seed and dev articles, and the expected dates are
those of their gold files (dev/FORMAT.md).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.model import TimeValue
from kg.nlp import lexicon
from kg.nlp.dating import event_date, tense_of
from kg.registry import trigger_heads
from kg.timex import Tense, resolve

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / "tests" / "eval_floors.json").read_text(encoding="utf-8"))
D = dt.date

WED_2025_09_03 = D(2025, 9, 3)
FRI_2018_04_27 = D(2018, 4, 27)

RESOLVE_CASES: list[tuple[str, dt.date | None, Tense, str | None]] = [
    # weekdays: past looks back (the publication day counts), future looks ahead
    ("Wednesday", WED_2025_09_03, "past", "2025-09-03"),
    ("Wednesday", WED_2025_09_03, "future", "2025-09-03"),
    ("on Tuesday", FRI_2018_04_27, "past", "2018-04-24"),
    ("on Tuesday", FRI_2018_04_27, "future", "2018-05-01"),
    ("Tuesday", FRI_2018_04_27, "present", "2018-04-24"),
    ("Sunday", D(2025, 1, 1), "past", "2024-12-29"),
    ("Friday", D(2024, 12, 30), "future", "2025-01-03"),
    ("Tuesday evening", D(2018, 6, 13), "past", "2018-06-12"),
    ("late on Tuesday", D(2018, 6, 13), "past", "2018-06-12"),
    ("early on Sunday", D(2011, 3, 20), "past", "2011-03-20"),
    ("the early hours of Thursday", D(2015, 2, 12), "past", "2015-02-12"),
    ("Sunday's", D(2014, 3, 19), "past", "2014-03-16"),
    ("Thursday’s", D(2019, 4, 26), "past", "2019-04-25"),
    # last / next / this weekday: both readings (7-day and calendar week) must agree
    ("last Thursday", D(2015, 2, 12), "past", "2015-02-05"),
    ("Last Saturday", D(2018, 4, 28), "past", "2018-04-21"),
    ("last Friday", D(2019, 7, 1), "past", "2019-06-28"),
    ("last Tuesday", D(2015, 2, 13), "past", None),
    ("next Tuesday", D(2015, 2, 12), "future", "2015-02-17"),
    ("next Friday", D(2015, 2, 9), "future", None),
    ("this Friday", D(2015, 2, 11), "future", "2015-02-13"),
    # one day named outright
    ("yesterday", D(2018, 6, 13), "past", "2018-06-12"),
    ("yesterday", D(2025, 1, 1), "past", "2024-12-31"),
    ("yesterday morning", D(2018, 6, 13), "past", "2018-06-12"),
    ("today", D(2018, 6, 13), "future", "2018-06-13"),
    ("tomorrow", D(2024, 12, 31), "future", "2025-01-01"),
    ("early this morning", D(2018, 6, 13), "past", "2018-06-13"),
    ("tonight", D(2018, 6, 13), "future", "2018-06-13"),
    ("last night", D(2018, 6, 13), "past", "2018-06-12"),
    ("overnight", D(2014, 3, 19), "past", "2014-03-19"),
    ("overnight", D(2014, 3, 19), "future", None),
    ("overnight", D(2014, 3, 19), "present", None),
    # years
    ("last year", WED_2025_09_03, "past", "2024"),
    ("last year's", WED_2025_09_03, "past", "2024"),
    ("next year", WED_2025_09_03, "future", "2026"),
    ("this year", WED_2025_09_03, "past", "2025"),
    ("earlier this year", WED_2025_09_03, "past", "2025"),
    ("late last year", D(2025, 1, 10), "past", "2024"),
    ("the end of the year", D(2015, 7, 14), "future", "2015"),
    ("by the end of this year", D(2019, 4, 26), "future", "2019"),
    ("2014", None, "past", "2014"),
    ("in 2014", None, "past", "2014"),
    ("since 2011", None, "past", "2011"),
    ("early 2014", None, "past", "2014"),
    ("mid-2014", None, "past", "2014"),
    # bare months: the most recent one not after publication (past), the next (future)
    ("in June", D(2018, 4, 28), "past", "2017-06"),
    ("in June", D(2018, 4, 28), "future", "2018-06"),
    ("in March", D(2018, 6, 13), "past", "2018-03"),
    ("in December", D(2013, 1, 14), "past", "2012-12"),
    ("in January", D(2013, 12, 20), "future", "2014-01"),
    ("in April", D(2010, 4, 8), "past", None),  # the publication month: ambiguous
    ("in April", D(2010, 4, 8), "future", "2010-04"),
    ("in late February", D(2019, 4, 26), "past", "2019-02"),
    ("in early March", D(2024, 6, 26), "past", "2024-03"),
    ("mid-January", D(2019, 4, 26), "past", "2019-01"),
    ("mid-February", D(2011, 3, 20), "past", "2011-02"),
    ("the end of January", D(2014, 3, 19), "past", "2014-01"),
    ("at the start of April", D(2009, 5, 2), "past", "2009-04"),
    ("since late February", D(2014, 3, 19), "past", "2014-02"),
    ("in early May", D(2019, 6, 29), "past", "2019-05"),
    # months with a year
    ("in June 2024", None, "past", "2024-06"),
    ("June 2024", WED_2025_09_03, "future", "2024-06"),
    ("November 2013", None, "past", "2013-11"),
    ("By April 2025", None, "past", "2025-04"),
    ("June of 2024", None, "past", "2024-06"),
    ("August last year", D(2021, 6, 17), "past", "2020-08"),
    # last / next / this month name: before, after or in the current month's year
    ("last July", D(2010, 4, 8), "past", "2009-07"),
    ("last October", D(2017, 2, 7), "past", "2016-10"),
    ("last December", D(2025, 1, 10), "past", "2024-12"),
    ("Last August", D(2018, 6, 13), "past", "2017-08"),
    ("last June", D(2019, 4, 26), "past", "2018-06"),
    ("last April", D(2019, 4, 26), "past", "2018-04"),
    ("last September", D(2015, 2, 12), "past", "2014-09"),
    ("next March", D(2019, 4, 26), "future", "2020-03"),
    ("this June", D(2019, 4, 26), "future", "2019-06"),
    # month units
    ("last month", D(2017, 2, 7), "past", "2017-01"),
    ("last month", D(2025, 1, 10), "past", "2024-12"),
    ("only last month", D(2024, 6, 26), "past", "2024-05"),
    ("late last month", D(2020, 11, 10), "past", "2020-10"),
    ("earlier this month", WED_2025_09_03, "past", "2025-09"),
    ("later this month", WED_2025_09_03, "future", "2025-09"),
    ("next month", D(2024, 12, 5), "future", "2025-01"),
    # weeks: month precision when the whole span lies in one month
    ("earlier this week", D(2019, 4, 26), "past", "2019-04"),
    ("Earlier this week", D(2025, 10, 2), "past", None),  # Sep 29 - Oct 1
    ("this week", WED_2025_09_03, "past", "2025-09"),
    ("this week", D(2025, 10, 1), "past", None),
    ("next week", D(2014, 3, 19), "future", "2014-03"),
    ("next week", D(2025, 9, 24), "future", None),
    ("last week", D(2021, 6, 17), "past", "2021-06"),
    ("last weekend", D(2011, 3, 20), "past", "2011-03"),
    ("over the weekend", D(2013, 1, 14), "past", "2013-01"),
    ("the weekend", D(2025, 9, 1), "past", "2025-08"),
    ("the weekend", D(2025, 9, 1), "future", "2025-09"),
    # ... ago
    ("two weeks ago", WED_2025_09_03, "past", "2025-08"),
    ("two weeks ago", D(2025, 9, 16), "past", None),  # Aug 30 - Sep 5
    ("three days ago", WED_2025_09_03, "past", "2025-08-31"),
    ("3 days ago", D(2025, 1, 2), "past", "2024-12-30"),
    ("a year ago", WED_2025_09_03, "past", "2024"),
    ("eight years ago", D(2011, 3, 20), "past", "2003"),
    ("forty-eight years ago", D(2019, 6, 29), "past", "1971"),
    ("six months ago", D(2025, 3, 10), "past", "2024-09"),
    ("two decades ago", WED_2025_09_03, "past", None),
    ("2 hours ago", WED_2025_09_03, "past", None),
    ("a few days ago", WED_2025_09_03, "past", None),
    ("Less than a year ago", WED_2025_09_03, "past", None),
    # seasons: year precision; a winter spans two years
    ("last spring", D(2013, 1, 14), "past", "2012"),
    ("last summer", D(2025, 1, 15), "past", "2024"),
    ("next spring", D(2019, 6, 29), "future", "2020"),
    ("in the autumn", D(2018, 4, 28), "future", "2018"),
    ("in the spring", D(2013, 1, 14), "past", "2012"),
    ("this summer", D(2019, 4, 26), "future", "2019"),
    ("last winter", D(2010, 4, 8), "past", None),
    ("the winter", D(2010, 4, 8), "past", None),
    ("the summer of 2014", None, "past", "2014"),
    # days of the year
    ("June 19", D(2024, 6, 26), "past", "2024-06-19"),
    ("19 June", D(2024, 6, 26), "past", "2024-06-19"),
    ("June 19th", D(2024, 6, 26), "past", "2024-06-19"),
    ("June 19, 2024", None, "past", "2024-06-19"),
    ("19 June 2024", None, "past", "2024-06-19"),
    ("the 19th of June 2024", None, "past", "2024-06-19"),
    ("September 3, 2025", None, "past", "2025-09-03"),
    ("March 1", D(2024, 6, 26), "past", "2024-03-01"),
    ("on March 1", D(2024, 6, 26), "future", "2025-03-01"),
    ("July 14", D(2015, 7, 14), "past", "2015-07-14"),
    ("December 30", D(2025, 1, 10), "past", "2024-12-30"),
    ("January 5", D(2024, 12, 20), "future", "2025-01-05"),
    ("Feb. 24", D(2022, 7, 23), "past", "2022-02-24"),
    ("Sept. 3", D(2025, 9, 10), "past", "2025-09-03"),
    ("February 29", D(2023, 3, 1), "past", "2020-02-29"),
    ("February 30", D(2023, 3, 1), "past", None),
    ("Tuesday, June 12, 2018", None, "past", "2018-06-12"),
    ("Wednesday, June 12, 2018", None, "past", None),  # the weekday contradicts the date
    # ISO dates
    ("2025-09-03", None, "past", "2025-09-03"),
    ("2024-06", None, "past", "2024-06"),
    ("2024-13", None, "past", None),
    ("2025-02-30", None, "past", None),
    # no point in time, or one given elsewhere
    ("the 1990s", WED_2025_09_03, "past", None),
    ("1950-53", None, "past", None),
    ("at the time", WED_2025_09_03, "past", None),
    ("the same day", WED_2025_09_03, "past", None),
    ("that evening", WED_2025_09_03, "past", None),
    ("the next day", WED_2025_09_03, "past", None),
    ("A day earlier", WED_2025_09_03, "past", None),
    ("Later that night", WED_2025_09_03, "past", None),
    ("the previous day", WED_2025_09_03, "past", None),
    ("earlier in the day", WED_2025_09_03, "past", None),
    ("around August 15", WED_2025_09_03, "past", None),
    ("more than two weeks", WED_2025_09_03, "past", None),
    ("for two years", WED_2025_09_03, "past", None),
    ("three decades", WED_2025_09_03, "past", None),
    ("decades", WED_2025_09_03, "past", None),
    ("120 days", WED_2025_09_03, "past", None),
    ("the next 60 days", WED_2025_09_03, "past", None),
    ("the 80th anniversary", WED_2025_09_03, "past", None),
    ("for the first time", WED_2025_09_03, "past", None),
    ("71-year-old", WED_2025_09_03, "past", None),
    ("the coming weeks", WED_2025_09_03, "future", None),
    ("the year", WED_2025_09_03, "past", None),
    ("", WED_2025_09_03, "past", None),
    # relative expressions need a publication date
    ("Wednesday", None, "past", None),
    ("last year", None, "past", None),
    ("in June", None, "past", None),
    ("two weeks ago", None, "past", None),
    ("yesterday", None, "past", None),
    ("March 1", None, "past", None),
    ("earlier this week", None, "past", None),
    ("last spring", None, "past", None),
]


@pytest.mark.parametrize(("expression", "published", "tense", "expected"), RESOLVE_CASES)
def test_resolve(expression: str, published: dt.date | None, tense: Tense, expected: str | None) -> None:
    got = resolve(expression, published, tense)
    assert got == (None if expected is None else TimeValue(expected))


@pytest.mark.parametrize(
    ("expression", "precision"),
    [
        ("June 19, 2024", "day"),
        ("June 2024", "month"),
        ("in late June 2024", "month"),
        ("2024", "year"),
        ("the summer of 2024", "year"),
    ],
)
def test_resolve_keeps_the_precision_the_text_gives(expression: str, precision: str) -> None:
    value = resolve(expression, None)
    assert value is not None and value.precision == precision


def test_the_time_expression_parser_needs_no_spacy() -> None:
    """kg.timex reads plain text: resolving an expression loads neither spaCy nor kg.nlp."""
    code = (
        "import sys, datetime, kg.timex; "
        "print(kg.timex.resolve('on Tuesday', datetime.date(2018, 4, 27))); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc') or m.startswith('kg.nlp')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["TimeValue(value='2018-04-24')", "[]"]


# --- event dates on real sentences -----------------------------------------------------------


_STRAIGHT_QUOTES = str.maketrans("’‘“”", "''\"\"")


def _fold(text: str) -> str:
    """Curly quotes as straight ones: gold evidence and article text differ there."""
    return text.translate(_STRAIGHT_QUOTES)


def _article(stem: str) -> tuple[str, dt.date]:
    """The body and publication date of a seed or dev article."""
    folder = ROOT / ("seeds" if stem[0].isdigit() else "dev/articles")
    raw = (folder / f"{stem}.txt").read_text(encoding="utf-8")
    front = re.match(r"---\n(.*?)\n---\n", raw, re.S)
    if front:
        published = re.search(r"^published: (\S+)", front.group(1), re.M)
        assert published is not None
        return raw[front.end() :], dt.date.fromisoformat(published.group(1))
    gold = json.loads((folder / f"{stem}.gold.json").read_text(encoding="utf-8"))
    return raw, dt.date.fromisoformat(gold["published"])


SEED0 = "000_3c56d13821ab7143"
SEED1 = "001_273a97f05537f580"

# (article, sentence, trigger word, expected date)
EVENT_CASES = [
    # seeds
    (
        SEED0,
        (
            "The remarks came Wednesday during a meeting with President Vladimir Putin in "
            "Beijing, held on the sidelines of celebrations marking the 80th anniversary of Japan’s "
            "defeat in World War II."
        ),
        "meeting",
        "2025-09-03",
    ),
    (
        SEED0,
        (
            "The two countries deepened their ties in June 2024 by signing a comprehensive "
            "cooperation treaty, which included provisions for mutual defense."
        ),
        "signing",
        "2024-06",
    ),
    (
        SEED0,
        (
            "The two countries deepened their ties in June 2024 by signing a comprehensive "
            "cooperation treaty, which included provisions for mutual defense."
        ),
        "treaty",
        "2024-06",
    ),
    (
        SEED0,
        (
            "For his part, Putin expressed appreciation for North Korea’s military role in "
            "helping repel Ukraine’s incursion into Russia’s Kursk Region last year, describing the "
            "effort as a “joint fight against present-day neo-Nazism”."
        ),
        "incursion",
        "2024",
    ),
    # ... and the statement itself is not dated by the incursion's "last year"
    (
        SEED0,
        (
            "For his part, Putin expressed appreciation for North Korea’s military role in "
            "helping repel Ukraine’s incursion into Russia’s Kursk Region last year, describing the "
            "effort as a “joint fight against present-day neo-Nazism”."
        ),
        "expressed",
        None,
    ),
    (
        SEED0,
        (
            "By April 2025, Russia declared that Ukrainian forces had been expelled from the "
            "area, while for the first time officially acknowledging the role of North Korean troops "
            "in the battle."
        ),
        "declared",
        "2025-04",
    ),
    (
        SEED1,
        (
            "Kiev launched an attack on Russia’s Kursk Region in August 2024, claiming that the "
            "offensive would help secure territory for leverage in peace talks with Russia."
        ),
        "attack",
        "2024-08",
    ),
    (
        SEED1,
        (
            "In June 2024, Russia and North Korea signed a comprehensive cooperation treaty that "
            "includes provisions for mutual defense."
        ),
        "signed",
        "2024-06",
    ),
    # two dates in one sentence: each trigger takes its own
    (
        "d01b_singapore_summit_ledger",
        (
            "Mr Kim made his first foreign trip as leader in March, "
            "travelling by train to Beijing for talks with Xi Jinping, and in April he stepped across "
            "the demarcation line at Panmunjom to meet Mr Moon."
        ),
        "talks",
        "2018-03",
    ),
    (
        "d01b_singapore_summit_ledger",
        (
            "Mr Kim made his first foreign trip as leader in March, "
            "travelling by train to Beijing for talks with Xi Jinping, and in April he stepped across "
            "the demarcation line at Panmunjom to meet Mr Moon."
        ),
        "meet",
        "2018-04",
    ),
    (
        "d06_iran_deal_vienna",
        (
            "The accord builds on a framework that negotiators reached in "
            "Lausanne, Switzerland, on April 2, and on an interim agreement struck in Geneva in "
            "November 2013 that froze parts of Iran's programme while talks continued."
        ),
        "agreement",
        "2013-11",
    ),
    (
        "d06_iran_deal_vienna",
        (
            "The accord builds on a framework that negotiators reached in "
            "Lausanne, Switzerland, on April 2, and on an interim agreement struck in Geneva in "
            "November 2013 that froze parts of Iran's programme while talks continued."
        ),
        "reached",
        "2015-04-02",
    ),
    (
        "d07_minsk_ii",
        (
            "Merkel then met US President Barack Obama at the White House on Monday, "
            "and Obama telephoned Putin on Tuesday to urge him to seize the chance of a settlement."
        ),
        "met",
        "2015-02-09",
    ),
    (
        "d07_minsk_ii",
        (
            "Merkel then met US President Barack Obama at the White House on Monday, "
            "and Obama telephoned Putin on Tuesday to urge him to seize the chance of a settlement."
        ),
        "telephoned",
        "2015-02-10",
    ),
    (
        "d10_libya_strikes",
        (
            "The Arab League, whose call for a no-fly zone last weekend helped "
            "win over Washington, struck a more cautious note on Sunday."
        ),
        "call",
        "2011-03",
    ),
    (
        "d10_libya_strikes",
        (
            "The Arab League, whose call for a no-fly zone last weekend helped "
            "win over Washington, struck a more cautious note on Sunday."
        ),
        "struck",
        "2011-03-20",
    ),
    (
        "d02_vladivostok_putin_kim",
        (
            "Thursday's talks were the first between leaders of the two "
            "countries since 2011, when Kim's father, Kim Jong-il, met then-President Dmitry Medvedev "
            "at a military garrison near Ulan-Ude in Siberia."
        ),
        "met",
        "2011",
    ),
    (
        "d02_vladivostok_putin_kim",
        (
            "Thursday's talks were the first between leaders of the two "
            "countries since 2011, when Kim's father, Kim Jong-il, met then-President Dmitry Medvedev "
            "at a military garrison near Ulan-Ude in Siberia."
        ),
        "talks",
        "2019-04-25",
    ),
    (
        "d11_haiti_kenyan_police",
        (
            "He had stopped in Nairobi, where on March 1 he and Ruto signed "
            "a reciprocal agreement meant to overcome a January ruling by Kenya's High Court that the "
            "deployment was unconstitutional."
        ),
        "signed",
        "2024-03-01",
    ),
    (
        "d11_haiti_kenyan_police",
        (
            "He had stopped in Nairobi, where on March 1 he and Ruto signed "
            "a reciprocal agreement meant to overcome a January ruling by Kenya's High Court that the "
            "deployment was unconstitutional."
        ),
        "ruling",
        "2024-01",
    ),
    # one date each, attached in different ways
    (
        "d03_new_start_prague",
        (
            "The two presidents signed a joint understanding outlining the cuts "
            "at a summit in Moscow last July, and negotiators in Geneva worked through the winter on "
            "verification and other details."
        ),
        "signed",
        "2009-07",
    ),  # during the summit
    (
        "d04_lithuania_battlegroup",
        (
            "German soldiers and equipment began arriving by train in "
            "January, including about 30 tanks among some 200 vehicles."
        ),
        "arriving",
        "2017-01",
    ),
    (
        "d04_lithuania_battlegroup",
        (
            "Moscow, which moved nuclear-capable Iskander missiles into its "
            "Kaliningrad region on Lithuania's border last October, describes the deployments as "
            "provocative."
        ),
        "moved",
        "2016-10",
    ),
    (
        "d04_lithuania_battlegroup",
        (
            "Moscow, which moved nuclear-capable Iskander missiles into its "
            "Kaliningrad region on Lithuania's border last October, describes the deployments as "
            "provocative."
        ),
        "describes",
        None,
    ),
    (
        "d05_mali_serval",
        (
            "Britain agreed on Saturday, in a telephone call between Prime Minister "
            "David Cameron and Hollande, to lend two C-17 transport aircraft, but ruled out sending "
            "combat troops."
        ),
        "call",
        "2013-01-12",
    ),
    (
        "d05_mali_serval",
        (
            "Mali's vast north was seized last spring by Tuareg rebels of the MNLA "
            "and their Islamist allies, who exploited the chaos that followed a military coup in "
            "Bamako in March."
        ),
        "seized",
        "2012",
    ),
    (
        "d05_mali_serval",
        "The Council was due to hold consultations on Mali in New York on Monday at France's request.",
        "hold",
        "2013-01-14",
    ),
    (
        "d05_mali_serval",
        (
            "In a separate raid overnight on Friday, French commandos tried to free "
            "Denis Allex, an intelligence officer held by the al-Shabab militia in Somalia since 2009."
        ),
        "raid",
        "2013-01-11",
    ),
    (
        "d05_mali_serval",
        (
            "Several hundred French soldiers have been flown into Bamako since "
            "Friday, drawn from units stationed in Chad and Ivory Coast as well as from France, to "
            "secure the city and the roughly 6,000 French citizens living in Mali."
        ),
        "flown",
        "2013-01-11",
    ),
    (
        "d02_vladivostok_putin_kim",
        (
            "That meeting, held in Hanoi, Vietnam, in late February, broke "
            "up without an agreement after the two sides failed to bridge their differences over "
            "sanctions relief and the dismantling of nuclear facilities."
        ),
        "meeting",
        "2019-02",
    ),
    (
        "d08_osaka_trump_xi",
        (
            "He was due to fly to Seoul later in the day ahead of a summit with "
            "Moon Jae-in, South Korea's president, on Sunday."
        ),
        "summit",
        "2019-06-30",
    ),
    (
        "d09_karabakh_ceasefire",
        (
            "The war broke out on September 27, when Azerbaijani forces "
            "launched an offensive that Baku called a counter-attack."
        ),
        "offensive",
        "2020-09-27",
    ),
    (
        "d13_geneva_biden_putin",
        (
            "Navalny was poisoned with a nerve agent in August last year, an "
            "attack Western governments blame on the Russian state and which the Kremlin denies."
        ),
        "attack",
        "2020-08",
    ),
    (
        "d14_istanbul_grain_deal",
        "Russia's navy has blockaded Ukraine's ports since its forces invaded on February 24.",
        "invaded",
        "2022-02-24",
    ),
    (
        "d15_crimea_accession",
        (
            "The takeover began on February 27, when gunmen seized the Crimean "
            "parliament and government buildings in Simferopol."
        ),
        "seized",
        "2014-02-27",
    ),
    (
        "d12_panmunjom_moon_kim",
        (
            "Last Saturday Pyongyang announced that it would suspend nuclear "
            "tests and long-range missile launches and close its nuclear test site."
        ),
        "announced",
        "2018-04-21",
    ),
    (
        "d01a_singapore_summit_wire",
        (
            "Kim flew into Singapore on Sunday aboard a chartered Air "
            "China airliner and held talks with Prime Minister Lee Hsien Loong that evening."
        ),
        "talks",
        "2018-06-10",
    ),
    # no date rather than a wrong one
    (
        "d01b_singapore_summit_ledger",
        (
            "The American leader reached Singapore on Sunday straight "
            "from a bruising Group of Seven summit in Quebec, where he clashed with Canada's prime "
            "minister, Justin Trudeau, over trade."
        ),
        "summit",
        None,
    ),
    (
        "d12_panmunjom_moon_kim",
        (
            "Kim Dae-jung and Roh Moo-hyun both travelled to Pyongyang to "
            "meet Kim's father, Kim Jong-il, in 2000 and 2007 respectively."
        ),
        "meet",
        None,
    ),
    (
        "d01b_singapore_summit_ledger",
        (
            "US Forces Korea, the American garrison in the South, said "
            "the same day it had received no new guidance on its training schedule."
        ),
        "said",
        None,
    ),
    (
        "d08_osaka_trump_xi",
        (
            "The two presidents met for about 80 minutes on the sidelines of the "
            "Group of 20 summit in Osaka, a two-day gathering that opened on Friday."
        ),
        "met",
        None,
    ),
    # a date hung on "followed" belongs to its object, the earlier event
    (
        "d14_istanbul_grain_deal",
        (
            "The deal followed talks in Istanbul on July 13 between military "
            "delegations from Russia, Ukraine and Turkey and UN officials, and a meeting in Tehran on "
            "Tuesday at which Vladimir Putin thanked Erdoğan for his mediation."
        ),
        "talks",
        "2022-07-13",
    ),
]


@dataclass(frozen=True)
class Case:
    stem: str
    sentence: str
    trigger: str
    expected: str | None


@pytest.mark.slow
@pytest.mark.parametrize(
    "case", [Case(*row) for row in EVENT_CASES], ids=lambda case: f"{case.stem[:4]}-{case.trigger}"
)
def test_event_date_on_article_sentences(nlp: Language, case: Case) -> None:
    body, published = _article(case.stem)
    assert _fold(case.sentence) in _fold(body), "the sentence must be verbatim from the article"
    doc = nlp(case.sentence)
    trigger = next(token for token in doc if token.text == case.trigger)
    got = event_date(trigger, published)
    assert got == (None if case.expected is None else TimeValue(case.expected))


@pytest.mark.slow
def test_event_date_without_publication_date_keeps_only_absolute_dates(nlp: Language) -> None:
    relative = nlp(EVENT_CASES[0][1])
    absolute = nlp(EVENT_CASES[1][1])
    assert event_date(next(t for t in relative if t.text == "meeting"), None) is None
    signing = next(t for t in absolute if t.text == "signing")
    assert event_date(signing, None) == TimeValue("2024-06")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Moon will visit Pyongyang in the autumn.", "visit", "future"),
        (
            "The Council was due to hold consultations on Mali in New York on Monday at France's request.",
            "hold",
            "future",
        ),
        (
            "Secretary of State Mike Pompeo is to lead the next round of negotiations with North Korean officials.",
            "lead",
            "future",
        ),
        ("He is expected to meet Kim in the coming weeks.", "meet", "future"),
        ("Kim had first met Trump in Singapore last June.", "met", "past"),
        ("Medvedev said neither side had lost anything.", "said", "past"),
        ("Moscow argues that Ukrainian nationalist groups continue to wield influence.", "argues", "present"),
        (
            "The two countries deepened their ties in June 2024 by signing a comprehensive cooperation treaty.",
            "treaty",
            "past",
        ),
    ],
)
def test_tense_of(nlp: Language, sentence: str, trigger: str, expected: str) -> None:
    token = next(t for t in nlp(sentence) if t.text == trigger)
    assert tense_of(token) == expected


# --- how good the method is on every dated gold event --------------------------------------

#: Lemmas the harness takes as an event's trigger: the project's trigger lexicon plus a few
#: frequent news verbs and nouns it leaves out. Only the harness uses these lists.
_HARNESS_VERBS = trigger_heads("verb") | {
    "hold",
    "reach",
    "agree",
    "approve",
    "authorise",
    "appeal",
    "invite",
    "telephone",
    "fly",
    "cross",
    "overrun",
    "offer",
    "review",
    "disclose",
}
_HARNESS_NOUNS = (
    trigger_heads("noun")
    | lexicon.AGREEMENT_NOUNS
    | {
        "ceremony",
        "coup",
        "assassination",
    }
)


@dataclass
class Tally:
    correct: int = 0
    wrong: int = 0
    undated: int = 0
    reachable: int = 0  # the gold date is what some DATE of the trigger's sentence says
    no_trigger: int = 0

    @property
    def measured(self) -> int:
        return self.correct + self.wrong + self.undated


def _gold_events() -> list[tuple[str, dict[str, object]]]:
    paths = sorted((ROOT / "dev/articles").glob("*.gold.json")) + sorted((ROOT / "seeds").glob("*.gold.json"))
    return [
        (path.name.removesuffix(".gold.json"), event)
        for path in paths
        for event in json.loads(path.read_text(encoding="utf-8"))["events"]
        if event.get("date") and event.get("evidence")
    ]


def _trigger(doc: Doc, folded: str, evidence: str) -> Token | None:
    """The first token with a trigger lemma in the first evidence fragment that has one."""
    for fragment in re.split(r" \.\.\. |; ", _fold(evidence)):
        fragment = fragment.strip(" .\"'")
        start = folded.find(fragment)
        if start < 0:
            continue
        span = doc.char_span(start, start + len(fragment), alignment_mode="expand")
        for token in span:
            lemma = token.lemma_.lower()
            if (token.pos_ == "VERB" and lemma in _HARNESS_VERBS) or (
                token.pos_ in ("NOUN", "PROPN") and lemma in _HARNESS_NOUNS
            ):
                return token
    return None


@pytest.mark.slow
def test_event_date_accuracy_on_gold_events(nlp: Language) -> None:
    """For every dated gold event: find its sentence and a plausible trigger, and compare
    event_date with the gold date. Undated answers are misses but not errors."""
    tally, docs = Tally(), {}  # docs: stem -> (parse, folded text, publication date)
    for stem, event in _gold_events():
        if stem not in docs:
            body, published = _article(stem)
            docs[stem] = (nlp(body), _fold(body), published)
        doc, folded, published = docs[stem]
        trigger = _trigger(doc, folded, str(event["evidence"]))
        if trigger is None:
            tally.no_trigger += 1
            continue
        got = event_date(trigger, published)
        gold = TimeValue(str(event["date"]))
        tally.correct += got == gold
        tally.wrong += got is not None and got != gold
        tally.undated += got is None
        tally.reachable += any(
            resolve(ent.text, published, tense) == gold
            for ent in trigger.sent.ents
            if ent.label_ == "DATE"
            for tense in ("past", "future")
        )
    summary = (
        f"{tally.correct}/{tally.measured} correct ({tally.correct / tally.measured:.0%}), "
        f"{tally.wrong} wrong, {tally.undated} undated; {tally.reachable} reachable from the "
        f"sentence; {tally.no_trigger} events without a trigger"
    )
    print(summary)  # shown with -s: the figure the method is judged by
    # tests/eval_floors.json: raise the floor when the method improves, never lower it
    assert tally.correct / tally.measured >= FLOORS["date_harness_accuracy"], summary
    assert tally.wrong <= FLOORS["date_harness_wrong"], summary
