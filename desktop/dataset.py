"""The built-in Kursk timeline: ``resources/kursk.json`` plus the article it quotes.

The dataset names its source article by file and sha256 rather than repeating the
text, and gives each citation only its quote: the anchor (offset, prefix, suffix)
is computed from the article, so a hand-edited quote either matches or fails loudly.
"""
from __future__ import annotations

import json

from .bundled import bundled_path
from .model import Timeline
from .model.quotes import anchor_quote

DATASET = "resources/kursk.json"


def load_dataset(relative: str = DATASET) -> Timeline:
    data = json.loads(bundled_path(relative).read_text(encoding="utf-8"))
    texts = {}
    for source in data["sources"]:
        texts[source["id"]] = source["text"] = bundled_path(source.pop("text_file")).read_text(encoding="utf-8")
    for citation in data["citations"]:
        found = anchor_quote(texts[citation["source_id"]], citation["quote"])
        citation.update(prefix=found.prefix, suffix=found.suffix, offset=found.offset)
    return Timeline.from_dict(data)
