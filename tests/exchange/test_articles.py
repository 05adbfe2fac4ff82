"""Reading an article into a source: its readable text, the metadata it gives of itself,
and a clear message, never a crash, for anything that is not an article."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paths import DATA, SEED
from desktop.exchange import articles
from desktop.exchange.articles import article_from_text, matching_source, read_article
from desktop.exchange.reading import FormatError
from desktop.model import FuzzyDate, Timeline


PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Russia claims Kursk - BBC News</title>
<meta property="og:title" content="Russia claims it has regained full control of Kursk">
<meta property="og:site_name" content="BBC News"><meta name="author" content="Ewan Somerville">
<meta property="article:published_time" content="2025-04-26T09:12:00Z">
<link rel="canonical" href="https://www.bbc.co.uk/news/articles/kursk">
<script>document.write("<p>not the article</p>")</script><style>p { color: red }</style>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Russia claims &amp; Kursk</h1>
<p>Russia's military   says it has
regained <b>full</b> control&nbsp;of Kursk – a claim denied by Ukraine.</p>
<p>Gerasimov said: “Today, the last settlement… has been liberated.”</p></article>
<footer>© BBC</footer></body></html>"""


def test_the_seed_article_reads_back_as_the_datasets_source_text(kursk):
    (source,) = kursk.sources.values()
    read = read_article(SEED, title=source.title, publisher="BBC News", published="2025-04-26")
    assert (read.text, read.sha256) == (source.text, source.sha256)
    assert (read.title, read.publisher, read.published) == (source.title, "BBC News", FuzzyDate.parse("2025-04-26"))


def test_a_web_page_gives_its_article_paragraphs_and_its_metadata(tmp_path):
    (tmp_path / "kursk.html").write_text(PAGE, encoding="utf-8")
    source = read_article(tmp_path / "kursk.html")
    assert source.text == (
        "Russia claims & Kursk\n\n"
        "Russia's military says it has regained full control of Kursk – a claim denied by Ukraine.\n\n"
        "Gerasimov said: “Today, the last settlement… has been liberated.”"
    )
    assert (source.title, source.publisher, source.author, source.url, source.published.edtf) == (
        "Russia claims it has regained full control of Kursk", "BBC News", "Ewan Somerville",
        "https://www.bbc.co.uk/news/articles/kursk", "2025-04-26",
    )
    assert read_article(tmp_path / "kursk.html", title="My title", author="").title == "My title"  # the caller's word wins


def test_a_page_without_an_article_element_gives_its_body_and_reads_its_declared_charset(tmp_path):
    page = "<html><head><meta charset='windows-1251'><title>Курськ</title></head><body><p>Привіт, світ</p><p>Другий</p></body></html>"
    (tmp_path / "page.htm").write_bytes(page.encode("cp1251"))
    source = read_article(tmp_path / "page.htm")
    assert (source.title, source.text) == ("Курськ", "Привіт, світ\n\nДругий")


def test_markdown_keeps_its_text_and_gives_its_front_matter(tmp_path):
    (tmp_path / "note.md").write_text("---\ntitle: \"Kursk notes\"\nauthor: Jane Doe\ndate: 2025-04-27\nsource: My blog\n---\n# Kursk\n\n*Gornal* fell.\n", encoding="utf-8")
    source = read_article(tmp_path / "note.md")
    assert (source.title, source.author, source.publisher, source.published.edtf) == ("Kursk notes", "Jane Doe", "My blog", "2025-04-27")
    assert source.text == "# Kursk\n\n*Gornal* fell."


def test_plain_text_gives_a_first_line_title_a_byline_and_a_date():
    source = article_from_text("Gornal falls\r\nBy Ewan Somerville\r\n26 April 2025\r\n\r\nRussia says it has retaken Gornal.  \r\n")
    assert (source.title, source.author, source.published.edtf) == ("Gornal falls", "Ewan Somerville", "2025-04-26")
    assert source.text == "Gornal falls\nBy Ewan Somerville\n26 April 2025\n\nRussia says it has retaken Gornal."
    assert article_from_text("  <!DOCTYPE html><p>Pasted &amp; page</p>").text == "Pasted & page"  # pasted HTML is told apart


def test_text_is_composed_so_a_resaved_copy_matches():
    decomposed = "Cafe\u0301 in Kursk\u200b"
    assert article_from_text(decomposed).text == "Café in Kursk"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.md", b" \r\n\t\n", "the file is empty"),
        ("empty.html", b"<html><body><script>x()</script></body></html>", "the document is empty"),
        ("search.html", b"<html><head><title>Search</title></head><body><nav><a href='/a'>World</a> <a href='/b'>Europe</a></nav>"
                        b"<form><input name='q'><button>Search</button></form><ul><li><a href='/1'>Kursk</a></li></ul></body></html>",
         "no article text found"),
        ("video.html", b"<html><head><title>Watch: Kursk</title></head><body><nav><a href='/'>Home</a> <a href='/video'>Video</a></nav>"
                       b"<div class='player'><video src='kursk.mp4' controls></video></div><ul><li><a href='/v/1'>More videos</a></li>"
                       b"<li><a href='/v/2'>Kursk from above</a></li></ul></body></html>", "no article text found"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary file"),
        ("report.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file"),
        ("nul.txt", b"text\x00more text", "binary file"),
        ("latin1.txt", "Gornal\nCafé".encode("latin-1"), "latin1.txt:2: encoding: byte 0xe9 is not UTF-8 text; save the file as UTF-8"),
        ("odd.html", b"<meta charset='x-klingon'><p>Qapla\xe9</p>", "character set this app does not know (x-klingon)"),
    ],
)
def test_what_is_not_an_article_is_refused_with_a_clear_message(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(FormatError) as refused:
        read_article(tmp_path / name)
    assert message in str(refused.value) and str(tmp_path / name) in str(refused.value)


def test_a_folder_a_missing_file_and_a_huge_one_are_refused(tmp_path, monkeypatch):
    with pytest.raises(FormatError, match="not a regular file"):
        read_article(tmp_path)
    with pytest.raises(FormatError, match="no such file"):
        read_article(tmp_path / "nowhere.txt")
    monkeypatch.setattr(articles, "MAX_BYTES", 10)
    (tmp_path / "big.txt").write_text("x" * 11)
    with pytest.raises(FormatError, match="too large"):
        read_article(tmp_path / "big.txt")
    with pytest.raises(FormatError, match="pasted text: the document is empty"):
        article_from_text("  \n ")


def test_utf16_with_a_byte_order_mark_and_mixed_scripts_are_read(tmp_path):
    text = "Курськ, 쿠르스크 and Kursk: 북한 troops, українські сили."
    (tmp_path / "mixed.txt").write_bytes(text.encode("utf-16"))
    assert read_article(tmp_path / "mixed.txt").text == text


def test_five_megabytes_are_read_whole(tmp_path):  # how long it takes: benchmarks/article_speed.py
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in SEED.read_text(encoding="utf-8").splitlines() * 2000) + "</body></html>"
    (tmp_path / "big.html").write_text(page, encoding="utf-8")
    (tmp_path / "big.txt").write_text(SEED.read_text(encoding="utf-8") * 1900, encoding="utf-8")
    for name in ("big.html", "big.txt"):
        assert (tmp_path / name).stat().st_size > 5_000_000
        assert len(read_article(tmp_path / name).text) > 4_000_000


def test_a_reimported_document_is_matched_to_the_source_it_is_a_version_of(kursk):
    (source,) = kursk.sources.values()
    assert matching_source(kursk, article_from_text(source.text)) == source
    assert matching_source(kursk, article_from_text("Edited.", title=source.title.upper())) == source
    assert matching_source(kursk, article_from_text("Other.", url="https://example.org/x")) is None
    assert matching_source(Timeline(), article_from_text("Other.")) is None


def test_the_same_title_from_another_publisher_is_another_article():
    source = article_from_text("Kyiv, morning.", title="Live updates", publisher="BBC News", url="https://bbc.example/live")
    library = Timeline(sources={source.id: source})
    assert matching_source(library, article_from_text("Kyiv, noon.", title="live updates ", publisher="bbc news")) == source
    assert matching_source(library, article_from_text("Kyiv, noon.", title="Live updates")) == source  # pasted, no publisher
    assert matching_source(library, article_from_text("Kyiv, noon.", title="Live updates", publisher="Reuters")) is None
    assert matching_source(library, article_from_text(source.text, publisher="Reuters")) == source  # the same text still matches
    assert matching_source(library, article_from_text("Kyiv.", publisher="Reuters", url=source.url)) == source  # so does the URL


def test_deeply_nested_and_badly_closed_html_is_refused_not_read_as_an_article():
    for page in ("<html><body>" + "<div>x" * 50_000 + "</body></html>",
                 "<html><body><article>" + "<b>" * 50_000 + "text" + "</i>" * 50_000 + "<pre>a\nb</pre>"):
        with pytest.raises(FormatError, match="no article text found"):
            article_from_text(page, kind="html")


@pytest.mark.parametrize("declared", ["windows-1252", "utf-16", "utf-32", "undefined", "x-klingon"])
def test_a_utf8_page_is_read_as_utf8_whatever_charset_it_declares(tmp_path, declared):
    text = "Zelensky’s café — Курськ, 26 April 2025"
    (tmp_path / "page.html").write_bytes(f"<html><head><meta charset='{declared}'></head><body><p>{text}</p></body></html>".encode())
    assert read_article(tmp_path / "page.html").text == text


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ("utf-16", "page.html:1: encoding: byte 0xe9 is not UTF-8 text; save the file as UTF-8"),  # no byte order mark: not UTF-16
        ("undefined", "page.html: encoding: the page declares a character set this app does not know (undefined)"),
        ("base64", "page.html: encoding: the page declares a character set this app does not know (base64)"),
    ],
)
def test_a_page_that_is_not_utf8_and_declares_no_usable_charset_is_refused(tmp_path, declared, message):
    (tmp_path / "page.html").write_bytes(f"<meta charset='{declared}'><p>Caf".encode() + b"\xe9</p>")
    with pytest.raises(FormatError) as refused:
        read_article(tmp_path / "page.html")
    assert message in str(refused.value)


def test_markdown_with_only_a_front_matter_is_empty(tmp_path):
    (tmp_path / "note.md").write_text("---\ntitle: X\ndate: 2025-04-26\n---\n", encoding="utf-8")
    with pytest.raises(FormatError, match="note.md: the document is empty"):
        read_article(tmp_path / "note.md")
    assert article_from_text("---\ntitle: X\n--- \nBody", "a.md", kind="md").title == "X"


def test_pasted_text_with_a_lone_surrogate_is_refused():
    with pytest.raises(FormatError, match=r"pasted text:2: the text holds a character that is not valid Unicode \(U\+D800\)"):
        article_from_text("Title\nBody \ud800 text")


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["a.txt", "a.md", "a.html"]),
    st.binary(max_size=300)
    | st.lists(st.sampled_from([b"<p>", b"</p>", b"<script>", b"<article>", b"<meta charset='utf-16'>", b"---\n", b"title: x\n",
                                b"By Jo Bloggs\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\xe9", "북한 Курськ".encode(), b"&#0;",
                                b"&amp;", b"<!--", b"\r", b"26 April 2025", b"2025-02-30", b"<time datetime='9999-99-99'>"]), max_size=30).map(b"".join),
)
def test_any_bytes_give_a_source_or_a_format_error(tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    try:
        source = read_article(tmp_path / name)
    except FormatError as error:
        assert str(tmp_path / name) in str(error)
    else:
        assert source.text.strip() and source.title.strip()


ARTICLES = DATA / "articles"


def test_real_pages_give_the_story_without_menus_scripts_or_share_buttons():
    bbc, guardian, wapo, reuters = (read_article(ARTICLES / name) for name in ("bbc-1.html", "guardian-1.html", "wapo-1.html", "reuters.html"))
    assert bbc.text.startswith("Obama admits US gun laws are his 'biggest frustration'\n\nPresident Barack Obama has admitted")
    assert "Krux" not in bbc.text and "Skip to content" not in bbc.text and len(bbc.text.split("\n\n")) < 50
    assert guardian.text.startswith("Whale whisperer Hori Parata") and "Share on Facebook" not in guardian.text
    assert wapo.text.startswith("CAIRO — Gunmen opened fire") and "Full Screen" not in wapo.text
    assert (bbc.title, bbc.publisher) == ("Obama admits US gun laws are his 'biggest frustration'", "BBC News")  # no " - BBC News"
    assert (wapo.author, reuters.publisher, reuters.published.edtf) == ("Erin Cunningham", "Reuters", "2020-01-20")


def test_a_scraped_markdown_article_gives_its_key_value_metadata_and_keeps_its_text():
    sudan = read_article(ARTICLES / "nytimes-1.md")
    assert (sudan.title, sudan.publisher, sudan.author, sudan.published.edtf, sudan.url) == (
        "United States to Lift Sudan Sanctions", "NYTimes.com", "Jeffrey Gettleman", "2017-01-13",
        "http://www.nytimes.com/2017/01/13/world/africa/sudan-sanctions.html")
    assert sudan.text.startswith("LONDON — After nearly 20 years")
    space = read_article(ARTICLES / "yahoo-2.md")
    assert (space.title, space.publisher, space.published.edtf) == ("Russia: Space ship malfunctions, breaks up over Siberia", "Associated Press", "2016-12-01")
    assert space.text.startswith("In this photo dated Tuesday")
    note = article_from_text("Note: this is a draft.\n\nKursk fell.", "n.md", kind="md")  # one "key: value" line is the text's own
    assert note.text.startswith("Note: this is a draft.")


def test_a_page_whose_open_graph_title_is_its_sites_takes_the_title_of_the_page():
    page = ("<html><head><title>Russia: Space ship breaks up over Siberia - Yahoo News</title>"
            "<meta property='og:title' content='Yahoo News - Latest News &amp; Headlines'><meta property='og:site_name' content='Yahoo News'>"
            "</head><body><article><p>An unmanned Russian cargo spaceship heading to the International Space Station broke up in the "
            "atmosphere over Siberia on Thursday due to an unspecified malfunction, the Russian space agency said.</p></article></body></html>")
    assert article_from_text(page, kind="html").title == "Russia: Space ship breaks up over Siberia"
