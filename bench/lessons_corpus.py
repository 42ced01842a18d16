"""Realistic lessons for the search benchmark, and the fixed mix of queries people type.

Words follow Zipf's law (the word of rank r is used in proportion to 1/r^1.05, as in real
prose): the commonest words ("the", "and", "patient", ...) appear in nearly every lesson, and
most of the 40,000-word vocabulary in very few. The first words are real English and NHS
words, the rest made-up but pronounceable (so the stemmers treat them as words). Everything
is drawn from seeded generators, so every run builds the same log and asks the same queries.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

COMMON = ("the and of to a in was we for on that with is patient ward staff team it be as "
          "were not this at by care discharge from our time nurse had have day are more "
          "shift they all which there plan review handover bed safety when medicines "
          "pharmacy family night doctor clinic what could would should learn next process "
          "after before meeting needed because working system information training new "
          "support service referral appointment delay waiting letter record risk falls "
          "infection audit theatre surgery consultant community follow escalation rota "
          "weekend capacity flow board huddle report incident outcome feedback change").split()
SYLLABLES = ("ba be bi bo bu ca ce co cu da de di do fa fe fi fo ga ge go ha he hi ho ka ke "
             "ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru "
             "sa se si so su ta te ti to tu va ve vi vo wa we wi za ze zo").split()
TAGS = ("discharge falls sepsis pharmacy handover infection-control patient-flow staffing "
        "digital training safeguarding mental-health theatres outpatients maternity "
        "paediatrics emergency-department frailty nutrition pressure-ulcers medicines "
        "communication estates procurement governance research library evidence audit "
        "quality-improvement wellbeing").split()
VERSION = 1          # change it with anything that changes the lessons or the queries
VOCABULARY = 40_000
ZIPF = 1.05


def vocabulary(size: int = VOCABULARY) -> list[str]:
    rng = random.Random(7)
    words, seen = list(COMMON), set(COMMON)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4))))
        word += rng.choice(("", "n", "r", "s", "t", "l", "m"))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


@dataclass
class Corpus:
    words: list[str]
    probabilities: np.ndarray
    rows: list[tuple]        # id, title, body, tags, team, project, author, visibility, audience, day


def build(count: int, seed: int = 1) -> Corpus:
    words = vocabulary()
    weights = 1.0 / np.arange(1, len(words) + 1) ** ZIPF
    probabilities = weights / weights.sum()
    rng = np.random.default_rng(seed)
    lengths = rng.integers(30, 90, size=count)
    title_lengths = rng.integers(4, 10, size=count)
    tokens = rng.choice(len(words), size=int(lengths.sum() + title_lengths.sum()),
                        p=probabilities)
    tag_ranks = rng.zipf(1.6, size=(count, 3)) - 1
    tag_counts = rng.integers(1, 4, size=count)
    teams = rng.zipf(1.4, size=count) % 80
    projects = rng.integers(0, 400, size=count)
    authors = rng.integers(0, 5000, size=count)
    visibility = rng.random(size=count)
    audiences = rng.integers(0, 200, size=count)
    rows, at = [], 0
    for i in range(count):
        title = " ".join(words[t] for t in tokens[at:at + title_lengths[i]]).capitalize()
        at += title_lengths[i]
        body = " ".join(words[t] for t in tokens[at:at + lengths[i]])
        at += lengths[i]
        tags = " ".join(dict.fromkeys(TAGS[r % len(TAGS)] for r in tag_ranks[i][:tag_counts[i]]))
        shown = ("organisation" if visibility[i] < 0.85 else
                 "team" if visibility[i] < 0.97 else "private")
        rows.append((i + 1, title, body, tags, f"Team {teams[i]}", f"Project {projects[i]}",
                     f"person{authors[i]}", shown,
                     f"C{audiences[i]}" if shown == "team" else None, i * 3650 // count))
    return Corpus(words, probabilities, rows)


@dataclass(frozen=True)
class Probe:
    kind: str
    text: str
    expected_first: int | None = None      # the lesson a distinctive query describes


def queries(corpus: Corpus, count: int = 200, seed: int = 3) -> list[Probe]:
    """The fixed mix: one to four words, phrases, filters, rare and very common words."""
    rng = random.Random(seed)
    words, rows = corpus.words, corpus.rows
    rank = {word: r for r, word in enumerate(words)}

    def pick(low, high):
        return words[rng.randrange(low, min(high, len(words)))]

    mix: list[Probe] = []
    makers = [
        ("common word", 30, lambda: pick(0, 25)),
        ("mid word", 25, lambda: pick(100, 2000)),
        ("rare word", 25, lambda: pick(5000, 40000)),
        ("two common", 15, lambda: f"{pick(0, 60)} {pick(0, 60)}"),
        ("common + rare", 20, lambda: f"{pick(0, 60)} {pick(3000, 40000)}"),
        ("three/four words", 20, lambda: " ".join(pick(0, 3000) for _ in range(rng.choice((3, 4))))),
        ("phrase", 15, lambda: f'"{_bigram(rng, rows)}"'),
        ("word + filter", 15, lambda: f"{pick(0, 500)} {_filter(rng)}"),
        ("filter only", 10, lambda: _filter(rng)),
    ]
    for kind, n, make in makers:
        mix += [Probe(kind, make()) for _ in range(n)]
    while len(mix) < count:             # distinctive: three rarest words of one lesson
        row = rows[rng.randrange(len(rows))]
        if row[7] != "organisation":
            continue
        rare = sorted(set(row[2].split()), key=lambda w: -rank[w])[:3]
        mix.append(Probe("distinctive", " ".join(rare), expected_first=row[0]))
    return mix[:count]


def _bigram(rng, rows) -> str:
    body = rows[rng.randrange(len(rows))][2].split()
    start = rng.randrange(len(body) - 1)
    return f"{body[start]} {body[start + 1]}"


def _filter(rng) -> str:
    return rng.choice([f"tag:{rng.choice(TAGS[:12])}", f"team:\"team {rng.randrange(10)}\"",
                       f"since:20{rng.randrange(16, 27)}-01-01",
                       f"project:\"project {rng.randrange(400)}\""])
