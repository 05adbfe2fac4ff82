"""How well articles are read, against the labelled set in tests/data/articles/.

    python benchmarks/article_eval.py

For each article of labels.json: whether its title, publisher, author and publication
date were read right, and which of its labelled events the suggestions find. A
suggestion is right when its date (EDTF, with its precision, "start/end" for a span) is
the label's and its sentence holds one of the label's quotes; each label is found once,
so a second suggestion of the same event counts as wrong. Precision and recall are given
for the suggestions ticked in advance (what "Add" takes if the user changes nothing) and
for all of them. tests/test_article_eval.py keeps the figures from falling back.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.exchange.articles import read_article  # noqa: E402
from desktop.model.suggestions import suggest  # noqa: E402

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "data" / "articles"
FIELDS = ("title", "publisher", "author", "published")


@dataclass
class Scores:
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    articles: int = 0
    labels: int = 0
    suggested: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})  # ticked only: True
    found: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})
    misses: list[str] = field(default_factory=list)

    def metadata(self, name: str | None = None) -> float:
        fields = [name] if name else FIELDS
        return sum(self.right[f] for f in fields) / (self.articles * len(fields))

    def precision(self, ticked: bool = True) -> float:
        return self.found[ticked] / self.suggested[ticked] if self.suggested[ticked] else 0.0

    def recall(self, ticked: bool = True) -> float:
        return self.found[ticked] / self.labels


def same(field_name: str, read: str, expected: str) -> bool:
    """Titles and names compared without case, spaces or a leading "The"."""
    def bare(text: str) -> str:
        return re.sub(r"\W|^the\b", "", text.casefold()) if field_name != "published" else text

    return bare(read) == bare(expected)


def evaluate(folder: Path = FOLDER) -> Scores:
    scores = Scores()
    for article in json.loads((folder / "labels.json").read_text(encoding="utf-8"))["articles"]:
        source = read_article(folder / article["file"])
        scores.articles += 1
        read = {"title": source.title, "publisher": source.publisher, "author": source.author,
                "published": source.published.edtf if source.published else ""}
        for name in FIELDS:
            if same(name, read[name], article[name]):
                scores.right[name] += 1
            else:
                scores.misses.append(f"{article['file']}: {name} {read[name]!r}, not {article[name]!r}")
        labels = article["events"]
        scores.labels += len(labels)
        suggestions = suggest(source)
        for ticked in (True, False):
            unfound = list(labels)
            for s in suggestions:
                if ticked and not s.ticked:
                    continue
                scores.suggested[ticked] += 1
                date = s.start.edtf + (f"/{s.end.edtf}" if s.end else "")
                label = next((l for l in unfound if l["date"] == date and any(q in s.quote.quote for q in l["quotes"])), None)
                if label:
                    unfound.remove(label)
                    scores.found[ticked] += 1
                elif ticked:
                    scores.misses.append(f"{article['file']}: suggested {date} {s.title!r} ({s.words!r}, {s.confidence:.2f})")
            if ticked:
                scores.misses += [f"{article['file']}: missed {l['date']} {l['title']!r}" for l in unfound]
    return scores


def main() -> None:
    scores = evaluate()
    print(f"{scores.articles} articles, {scores.labels} labelled events")
    print("| Field | Right |\n|---|---|")
    for name in FIELDS:
        print(f"| {name} | {scores.right[name]}/{scores.articles} |")
    print(f"| all metadata | {scores.metadata():.0%} |")
    print("\n| Suggestions | Precision | Recall |\n|---|---|---|")
    for ticked, label in ((True, "ticked"), (False, "all")):
        print(f"| {label} ({scores.suggested[ticked]}) | {scores.precision(ticked):.2f} | {scores.recall(ticked):.2f} |")
    if "-v" in sys.argv:
        print("\n" + "\n".join(scores.misses))


if __name__ == "__main__":
    main()
