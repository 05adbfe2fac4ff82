"""How long reading a large or hostile page takes, against parsing the same bytes with lxml.

    python benchmarks/article_speed.py

The pages are the ones the tests read for behaviour (a 5 MB page made of the seed
article's paragraphs, the same as plain text, and two deeply nested pages that must be
refused as "no article text found"). lxml's own parse of the same bytes is the floor:
what reading cannot go below, since trafilatura parses with it.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.exchange.articles import article_from_text, read_article  # noqa: E402
from desktop.exchange.formats import FormatError  # noqa: E402

SEED = next((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def median_s(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def refused(page: str) -> None:
    try:
        article_from_text(page, kind="html")
    except FormatError:
        return
    raise AssertionError("a nested page was read as an article")


def main() -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    big_html = "<html><body>" + "".join(f"<p>{line}</p>" for line in lines * 2000) + "</body></html>"
    nested = ["<html><body>" + "<div>x" * 50_000 + "</body></html>",
              "<html><body><article>" + "<b>" * 50_000 + "text" + "</i>" * 50_000 + "<pre>a\nb</pre>"]
    with tempfile.TemporaryDirectory() as folder:
        html_path = Path(folder) / "big.html"
        html_path.write_text(big_html, encoding="utf-8")
        text_path = Path(folder) / "big.txt"
        text_path.write_text(SEED.read_text(encoding="utf-8") * 1900, encoding="utf-8")
        rows = [
            ("5 MB page read", median_s(lambda: read_article(html_path)), median_s(lambda: lxml.html.fromstring(html_path.read_bytes()))),
            ("5 MB text read", median_s(lambda: read_article(text_path)), median_s(lambda: text_path.read_text(encoding="utf-8"))),
        ]
    for number, page in enumerate(nested, 1):
        rows.append((f"nested page {number} refused", median_s(lambda: refused(page)), median_s(lambda: lxml.html.fromstring(page))))
    print("| work | seconds | floor (lxml parse or plain read) | ratio |\n|---|---|---|---|")
    for name, seconds, floor in rows:
        print(f"| {name} | {seconds:.2f} | {floor:.4f} | {seconds / floor:,.0f}x |")


if __name__ == "__main__":
    main()
