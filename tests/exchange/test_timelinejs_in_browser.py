"""Our TimelineJS export, rendered by TimelineJS itself (its npm package, pinned in
tests/browser/package.json) in Debian's headless Chromium, from local files only.

Chromium runs the page with ``--dump-dom`` and a virtual time budget, which lets
TimelineJS's timers run and then prints the page as it stands; the page's own script
puts what it found (errors, slides, styles, era dates) into an element as JSON. No
driver library is needed: one subprocess, the same on every machine with chromium.
``.ci/run`` installs both, and in CI (``CI`` set) a missing one fails the test instead
of skipping it.
"""
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.dataset import load_dataset
from desktop.exchange.timelinejs import timelinejs_data
from desktop.model import FuzzyDate, Period, Reliability, Source

TIMELINEJS = Path(__file__).parents[1] / "browser" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
ARTICLE_URL = "https://www.bbc.co.uk/news/articles/kursk-example"

# The page: TimelineJS on our export, then a report of what it rendered.
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{dist}/css/timeline.css">
<script>
  window.problems = [];
  window.addEventListener("error", e => window.problems.push(String(e.message)));
  const consoleError = console.error;
  console.error = (...args) => {{ window.problems.push(args.map(String).join(" ")); consoleError(...args); }};
</script>
<script src="{dist}/js/timeline.js"></script>
</head><body style="margin:0">
<div id="timeline-embed" style="width:1366px;height:700px"></div>
<pre id="report" style="display:none"></pre>
<script>
  const data = {data};
  const timeline = new TL.Timeline("timeline-embed", data, {{language: "en", hash_bookmark: false}});
  setTimeout(() => timeline.goToId(data.events[0].unique_id), 1000);  // a slide with a quote, for the picture
  function style(element, name) {{ return element ? getComputedStyle(element)[name] : null; }}
  function report() {{
    const slides = [...document.querySelectorAll(".tl-slide:not(.tl-slide-titleslide):not(#old-form)")];
    const attribution = document.querySelector(".tl-slide-content p.attribution");
    document.getElementById("report").textContent = JSON.stringify({{
      problems: window.problems,
      slides: slides.length,
      headlines: [...document.querySelectorAll(".tl-slide h2.tl-headline")].map(h => h.textContent),
      cites_in_quotes: document.querySelectorAll(".tl-slide:not(#old-form) blockquote cite").length,
      attribution: attribution && attribution.textContent,
      attribution_align: style(attribution, "textAlign"),
      attribution_display: style(attribution, "display"),
      attribution_links: attribution ? [...attribution.querySelectorAll("a")].map(a => a.href) : [],
      old_form_cite: [style(document.querySelector("#old-form cite"), "display"), style(document.querySelector("#old-form cite"), "textAlign")],
      old_form_before: getComputedStyle(document.querySelector("#old-form cite"), "::before").content,
      media: document.querySelectorAll(".tl-slide .tl-media-item, .tl-slide .tl-media-image").length,
      images: [...document.querySelectorAll(".tl-slide img")].map(i => i.src),
      eras: timeline.config.eras.map(e => e.end_date.getTime()),
    }});
  }}
  setTimeout(() => {{
    try {{ report(); }} catch (error) {{ window.problems.push("report: " + error); document.getElementById("report").textContent = JSON.stringify({{problems: window.problems}}); }}
  }}, 5000);  // virtual time: TimelineJS's own timers have run by then
</script>
</body></html>
"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found and TIMELINEJS.is_dir():
        return found
    missing = "TimelineJS (npm ci --prefix tests/browser)" if found else "chromium (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{missing} is missing: .ci/run installs it")
    pytest.skip(f"{missing} is missing: .ci/run installs it")


def with_a_cited_article():
    timeline = load_dataset()
    source = next(iter(timeline.sources.values()))
    timeline.sources[source.id] = Source(source.id, source.title, source.text, "BBC News", "Ewan Somerville", ARTICLE_URL, reliability=Reliability.B)
    timeline.periods["p1"] = Period("p1", "Salient held", FuzzyDate.parse("2024-08"), FuzzyDate.parse("2025-03"))
    return timeline


def rendered(tmp_path, data, screenshot=None):
    browser = chromium()
    page = tmp_path / "page.html"
    script_safe = json.dumps(data).replace("</", "<\\/")  # no "</script>" inside the script
    page.write_text(PAGE.format(dist=TIMELINEJS.as_uri(), data=script_safe), encoding="utf-8")
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--allow-file-access-from-files",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # local files only: every host name fails to resolve
        f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1366,768", "--virtual-time-budget=20000",
    ]
    if screenshot:
        subprocess.run([browser, *flags, f"--screenshot={screenshot}", page.as_uri()], capture_output=True, timeout=120, check=True)
    run = subprocess.run([browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True)
    found = re.search(r'<pre id="report"[^>]*>(.*?)</pre>', run.stdout, re.DOTALL)
    assert found and found[1], f"TimelineJS did not finish rendering: {run.stderr[-2000:]}"
    return json.loads(html.unescape(found[1]))


def test_our_export_renders_in_timelinejs_with_every_slide_one_line_attributions_no_article_as_media_and_whole_months(tmp_path):
    timeline = with_a_cited_article()
    shot = Path(os.environ.get("TIMELINEJS_SCREENSHOT", tmp_path / "timelinejs.png"))
    data = timelinejs_data(timeline)
    # A slide with a quote in the form of exports before this version: the check sees the defect there.
    data["events"].append({"unique_id": "old-form", "start_date": {"year": 2023}, "text": {
        "headline": "Old form", "text": "<blockquote>“A quote”<br>— BBC News (reports), <cite>A title</cite>, BBC News</blockquote>"}})
    report = rendered(tmp_path, data, screenshot=shot)
    assert report["problems"] == []
    assert report["slides"] == len(timeline.events)
    assert len(report["headlines"]) >= len(timeline.events)
    # The check sees the defect where it is: TimelineJS's stylesheet makes a <cite> in a blockquote a right-aligned block.
    assert report["old_form_cite"] == ["block", "right"] and "—" in report["old_form_before"]
    assert report["cites_in_quotes"] == 0
    assert report["attribution"].startswith("— ") and "(source reliability B, normal confidence)" in report["attribution"]
    assert (report["attribution_display"], report["attribution_align"]) != ("block", "right")
    assert report["attribution_links"] == [ARTICLE_URL]  # the article, linked in the text...
    assert ARTICLE_URL not in report["images"] and report["media"] == 0  # ...and not loaded as an image
    # "2025-03" ends at the end of March: TimelineJS's date for the end is 31 March, not 1 March.
    assert report["eras"] == [pytest.approx(1743379200000, abs=86_400_000)]  # 2025-03-31, in the browser's zone
    assert shot.stat().st_size > 10_000
