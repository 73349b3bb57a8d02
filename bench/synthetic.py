"""Synthetic lists of granted projects, shaped like the real one, for measuring fundgraph at scale.

``synthetic_records(n, seed)`` yields ``n`` ProjectRecords one at a time (never a list of ``n``), the same for
the same seed. Their shape follows the real list (tests/data/granted-projects-vasterbotten.expected.json):

- case ids: 8 digits, unique (20 000 000 + a permutation-free counter, so ids stay 8 digits up to 10 M);
- titles of 1–10 words and summaries of about 250–1 000 characters, in Swedish, made of the real list's words;
- a few thousand beneficiaries (``BENEFICIARIES`` by default) with a skewed distribution (one regional
  authority and a few universities get many projects, most organisations few), the real ones among them;
- funds ERUF, ESF+, Interreg Aurora and Regionala medel with the priorities (1, 2, 3, 4, 6) and labels
  of the regional development strategy, each fund with the priorities it uses in the real list;
- 1–29 municipalities from src/fundgraph/reference/municipalities.csv: as in the real list often a whole
  county (Västerbotten's 15) or both northern counties (29), else a few of them, sometimes from anywhere in
  Sweden; the counties follow from the municipalities;
- granted amount 50 000–20 000 000 SEK, total budget from 1× to 4× the granted amount.

All records cite one synthetic source document (a fixed file name and SHA-256), two projects per page.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import random
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from fundgraph.extract.records import ProjectRecord, Source
from fundgraph.resources import resource_path

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "data" / "granted-projects-vasterbotten.expected.json"
BENEFICIARIES = 3_000
DOCUMENT = "synthetic-granted-projects.pdf"

PRIORITIES = {
    1: "Västerbotten - en nytänkande och smart region",
    2: "Västerbotten - en region med platsbaserad hållbar näringslivsutveckling",
    3: "Västerbotten - en nära tillgänglig region",
    4: "Västerbotten - en region med hållbara livsmiljöer att bo, verka och leva i",
    6: "Västerbotten - en region rik på kompetenser",
}
# Fund -> (share of projects, priorities it is used with); shares as in a typical year of the real lists.
FUNDS = {
    "ERUF": (0.55, (1, 2, 3)),
    "ESF+": (0.25, (4, 6)),
    "Interreg Aurora": (0.12, (1, 4)),
    "Regionala medel": (0.08, (1, 2, 6)),
}
ORGANISATION_FORMS = ("AB", "AB", "AB", "KOMMUN", "EKONOMISK FÖRENING", "IDEELL FÖRENING", "STIFTELSEN",
                      "HANDELSBOLAG", "UNIVERSITET")


def document_sha256(seed: int) -> str:
    """The SHA-256 (hex) standing for the synthetic source document of ``seed``."""
    return hashlib.sha256(f"{DOCUMENT}:{seed}".encode()).hexdigest()


@lru_cache(maxsize=1)
def _fixture() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["projects"]


@lru_cache(maxsize=1)
def _municipalities() -> tuple[dict[str, tuple[str, ...]], dict[str, str], tuple[str, ...]]:
    """(county code -> municipality names, municipality name -> county short name, all names)."""
    counties = {}
    with resource_path("reference", "counties.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            counties[row["county_code"]] = row["short_name"]
    by_county: dict[str, list[str]] = {}
    county_of = {}
    with resource_path("reference", "municipalities.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_county.setdefault(row["county_code"], []).append(row["name"])
            county_of[row["name"]] = counties[row["county_code"]]
    return ({k: tuple(v) for k, v in by_county.items()}, county_of, tuple(county_of))


def _words(texts: list[str]) -> list[str]:
    return [w for t in texts for w in re.findall(r"[\wÅÄÖåäö'-]+", t)]


def _sentences(rng: random.Random, words: list[str], count: int) -> list[str]:
    out = []
    for _ in range(count):
        chosen = rng.choices(words, k=rng.randint(8, 22))
        out.append(" ".join(chosen).capitalize() + ".")
    return out


def _beneficiaries(rng: random.Random, count: int) -> list[str]:
    real = list(dict.fromkeys(p["beneficiary"] for p in _fixture()))
    _, _, places = _municipalities()
    stems = ["Norr", "Sval", "Fjäll", "Älv", "Skog", "Myr", "Berg", "Sjö", "Ljus", "Is", "Vind", "Sol", "Ren",
             "Hav", "Kust", "Järn", "Tall", "Gran", "Björk", "Lapp"]
    tails = ["tek", "kraft", "data", "bygg", "energi", "lab", "invest", "vård", "turism", "logistik", "design",
             "mat", "kompetens", "innovation", "utveckling"]
    names = dict.fromkeys(real)
    for stem, tail, place in zip(itertools.cycle(stems), itertools.cycle(tails), itertools.cycle(places)):
        if len(names) >= count:
            break
        form = rng.choice(ORGANISATION_FORMS)
        name = f"{place.upper()} KOMMUN" if form == "KOMMUN" else f"{stem}{tail} {place} {form}"
        names.setdefault(f"{name} {len(names)}" if name in names else name)
    return list(names)


def synthetic_records(n: int, seed: int = 2024, *, beneficiaries: int = BENEFICIARIES) -> Iterator[ProjectRecord]:
    """Yield ``n`` synthetic ProjectRecords, deterministic for ``seed``; memory stays flat in ``n``.

    Text pools (a few thousand sentences and titles) are built once; each record draws from them.
    """
    rng = random.Random(seed)
    fixture = _fixture()
    summary_words = _words([p["summary"] for p in fixture])
    title_words = _words([p["title"] for p in fixture]) + _words([p["summary"] for p in fixture])[:400]
    sentences = _sentences(rng, summary_words, 4096)
    titles = [p["title"] for p in fixture] + [
        " ".join(rng.choices(title_words, k=rng.randint(1, 10))).capitalize() for _ in range(4096)]
    orgs = _beneficiaries(rng, beneficiaries)
    # Zipf-like weights: organisation k gets projects in proportion to 1 / (k + 1).
    org_weights = list(itertools.accumulate(1.0 / (k + 1) for k in range(len(orgs))))
    fund_names = list(FUNDS)
    fund_weights = list(itertools.accumulate(FUNDS[f][0] for f in fund_names))
    by_county, county_of, everywhere = _municipalities()
    north = by_county["24"] + by_county["25"]
    sha = document_sha256(seed)

    for i in range(n):
        fund = rng.choices(fund_names, cum_weights=fund_weights)[0]
        priority = rng.choice(FUNDS[fund][1])
        # As in the real list: a third cover a whole county, a tenth both northern counties.
        pick = rng.random()
        if pick < 0.30:
            municipalities = by_county["24"]
        elif pick < 0.40:
            municipalities = tuple(sorted(north))
        else:
            if pick < 0.75:
                places = by_county["24"]
            elif pick < 0.90:
                places = north
            elif pick < 0.97:
                places = by_county[rng.choice(list(by_county))]
            else:
                places = everywhere
            k = 1 + int(rng.random() ** 2 * min(29, len(places)))
            municipalities = tuple(sorted(rng.sample(places, min(k, len(places)))))
        counties = tuple(sorted({county_of[m] for m in municipalities}))
        granted = rng.randrange(50_000, 20_000_000)
        summary = " ".join(rng.choices(sentences, k=rng.randint(3, 8)))
        yield ProjectRecord(
            case_id=str(20_000_000 + i),
            title=titles[rng.randrange(len(titles))],
            beneficiary=rng.choices(orgs, cum_weights=org_weights)[0],
            currency="SEK",
            granted_amount=Decimal(granted),
            total_budget=Decimal(int(granted * rng.uniform(1.0, 4.0))),
            fund=fund,
            priority_number=priority,
            priority_label=PRIORITIES[priority],
            municipalities=municipalities,
            counties=counties,
            summary=summary,
            source=Source(document=DOCUMENT, sha256=sha, row=i + 1, pages=(1 + i // 2,)),
        )
