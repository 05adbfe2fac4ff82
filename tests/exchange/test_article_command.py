"""``kursk-timeline import ARTICLE``: an article added as a source without a window, with
its suggested events on request."""

import pytest

from paths import DATA
from desktop.cli import main
from desktop.model.suggestions import suggest
from desktop.store import Store

ARTICLES = DATA / "articles"


def stored(db_path):
    store = Store.open(db_path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def test_an_article_is_added_as_a_source_and_its_sure_suggestions_as_events(db_path, capsys):
    assert main(["import", str(ARTICLES / "wapo-1.html"), "--db", str(db_path), "--empty"]) == 0
    (source,) = stored(db_path).sources.values()
    assert (source.title, source.publisher, source.author, source.published.edtf) == (
        "Attack stokes instability fears in North Africa", "Washington Post", "Erin Cunningham", "2015-03-18")
    assert "Added 'Attack stokes instability fears in North Africa' (Washington Post, published 2015-03-18" in capsys.readouterr().out
    assert not stored(db_path).events

    assert main(["import", str(ARTICLES / "wapo-1.html"), "--db", str(db_path), "--suggest"]) == 0
    out = capsys.readouterr().out
    timeline = stored(db_path)
    ticked = [s for s in suggest(source) if s.ticked]
    assert "is in the library already" in out and f"Added {len(ticked)} suggested events" in out
    assert sorted(e.title for e in timeline.events.values()) == sorted(s.title for s in ticked)
    for citation in timeline.citations.values():
        assert source.text[citation.offset :].startswith(citation.quote) and citation.claimant == "Washington Post"

    assert main(["import", str(ARTICLES / "wapo-1.html"), "--db", str(db_path), "--suggest-min-confidence", "0"]) == 0
    out = capsys.readouterr().out
    assert out.count("already on the timeline as") == len(ticked)  # the events added before are not added twice
    assert len(stored(db_path).events) == len(suggest(source))


def test_a_markdown_article_and_an_undated_text_read_with_the_date_given(tmp_path, db_path, capsys):
    assert main(["import", str(ARTICLES / "nytimes-1.md"), "--db", str(db_path), "--empty", "--format", "article"]) == 0
    (source,) = stored(db_path).sources.values()
    assert (source.title, source.url) == ("United States to Lift Sudan Sanctions", "http://www.nytimes.com/2017/01/13/world/africa/sudan-sanctions.html")
    undated = tmp_path / "undated.txt"
    undated.write_text("Talks in Minsk\n\nThe envoys met on Monday. The ceasefire of 5 September 2014 had failed.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(undated), "--db", str(db_path), "--suggest-min-confidence", "0"]) == 0
    out = capsys.readouterr().out
    assert "No publication date: relative dates ('yesterday', 'Monday') were not read; give --published DATE" in out
    assert [e.start.edtf for e in stored(db_path).events.values()] == ["2014-09-05"]
    other = tmp_path / "dated.txt"
    other.write_text("Talks in Brest\n\nThe envoys met on Monday.\n", encoding="utf-8")
    assert main(["import", str(other), "--db", str(db_path), "--suggest", "--published", "2025-04-26"]) == 0
    assert sorted(e.start.edtf for e in stored(db_path).events.values()) == ["2014-09-05", "2025-04-21"]


def test_a_page_without_an_article_or_a_bad_option_is_refused_and_nothing_changes(tmp_path, db_path, capsys):
    page = tmp_path / "search.html"
    page.write_text("<html><body><nav><a href='/a'>World</a> <a href='/b'>Europe</a></nav><form><input name='q'></form></body></html>", encoding="utf-8")
    assert main(["import", str(page), "--db", str(db_path), "--empty"]) == 2
    assert "search.html: no article text found" in capsys.readouterr().err and not db_path.exists()
    with pytest.raises(SystemExit) as exit:
        main(["import", str(ARTICLES / "cnn.html"), "--db", str(db_path), "--suggest-min-confidence", "2"])
    assert exit.value.code == 2 and "2.0 is not from 0 to 1" in capsys.readouterr().err
    assert main(["import", str(ARTICLES / "cnn.html"), "--db", str(db_path), "--published", "26 April"]) == 2
    assert "published: cannot read date '26 April'" in capsys.readouterr().err and not db_path.exists()
