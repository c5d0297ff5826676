"""The registry as an OPML 2.0 subscription list, and OPML files imported into a sources
file: the document re-parsed with lxml (feedparser reads no OPML), round trips through the
command line, hostile files."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from harvester.aggregator.opml import ESS_NS, SPEC_URL, ImportedFeed, read_opml, sources_opml
from harvester.registry import KEY_PATTERN, Source, load_registry
from harvester.registryimport import plan_import, toml_string, unique_key
from harvester.text import one_line
from tests.conftest import harvester, one_line_error

REGISTRY = """\
# Test registry: comments and tables must survive an import byte for byte.
[tag_synonyms]
"ESS" = "Économie sociale et solidaire"

[[source]]
key = "rtes"
name = "RTES — Réseau des collectivités territoriales pour une économie solidaire"
url = "https://www.rtes.fr/"
family = "spip"
feed = "https://www.rtes.fr/spip.php?page=backend"
[source.authors]
alfederici = "Anne-Laure Federici"

[[source]]
key = "labo"
name = "Le Labo de l'ESS & \\"amis\\" <2>"
url = "https://www.lelabo-ess.org/"
family = "wordpress"

[[source]]
key = "cress-ara"
name = "CRESS Auvergne-Rhône-Alpes"
url = "http://cress-aura.org/actualites/"
feed = "http://cress-aura.org/feed/?utm_source=x"
"""
CREATED = datetime(2026, 3, 14, 9, 26, 53, tzinfo=timezone(timedelta(hours=1)))
NESTED = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<opml version="1.0">
  <head><title>Thunderbird export</title></head>
  <body>
    <outline text="R\xe9seaux">
      <outline text="ESS France" type="rss" xmlUrl="https://www.ess-france.org/feed"
               htmlUrl="https://www.ess-france.org/"/>
      <outline text="R\xe9gions">
        <outline title="CRESS Bretagne" text="ignored" xmlurl="https://www.ess-bretagne.org/rss"/>
      </outline>
    </outline>
    <outline text="a note, not a feed"/>
    <outline text="Avise" type="rss" xmlUrl="https://www.avise.org/rss.xml"/>
  </body>
</opml>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<opml version="2.0"><head><title>&h;</title></head>
<body><outline text="&h;" xmlUrl="https://example.org/&h;"/></body></opml>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><head><title>x</title></head>
<body><outline text="&secret;" xmlUrl="https://example.org/feed"/></body></opml>"""
SMALL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY name "Avise">]>
<opml version="2.0"><head/><body><outline text="&name;" xmlUrl="https://avise.org/rss"/></body>
</opml>"""


@pytest.fixture
def registry_file(tmp_path: Path) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def entries(path: Path) -> list[tuple[str, str, str | None]]:
    return [(s.name, s.url, s.feed) for s in load_registry(path)]


def write_opml(tmp_path: Path, data: bytes, name: str = "feeds.opml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("base", "prefix"), [("https://feeds.example.org/ess/", None),
                                               (None, "")])
def test_the_document_is_opml_2_with_one_feed_outline_per_source(registry_file, base, prefix):
    sources = load_registry(registry_file).sources
    root = etree.fromstring(sources_opml(sources, title="Sources ESS", feed_base=base,
                                         created=CREATED))
    assert root.tag == "opml"
    assert root.get("version") == "2.0"
    head, body = list(root)
    assert head.findtext("title") == "Sources ESS"
    assert parsedate_to_datetime(head.findtext("dateCreated")) == CREATED
    assert head.findtext("dateCreated").endswith(" GMT")
    assert head.findtext("docs") == SPEC_URL
    outlines = list(body)
    assert len(outlines) == len(sources)
    ours = [f"{base or ''}sources/{s.key}.atom" for s in sources]
    for outline, source, feed in zip(outlines, sources, ours, strict=True):
        assert outline.get("type") == "rss"
        assert outline.get("text") == outline.get("title") == source.name
        assert outline.get("htmlUrl") == source.url
        assert outline.get("xmlUrl") == (source.feed or feed)
        assert outline.get(f"{{{ESS_NS}}}feed") == feed


def test_a_naive_creation_date_is_refused(registry_file):
    with pytest.raises(ValueError, match="naive"):
        sources_opml(load_registry(registry_file).sources, title="t", feed_base=None,
                     created=datetime(2026, 1, 1))


@pytest.mark.parametrize("base_url", ["https://feeds.example.org/ess", None])
def test_sources_opml_round_trips_through_import_opml(registry_file, tmp_path, base_url):
    listed = harvester("sources", "--opml", "--sources", str(registry_file),
                       *(["--base-url", base_url] if base_url else []))
    assert listed.returncode == 0, listed.stderr
    opml = write_opml(tmp_path, listed.stdout.encode("utf-8"))
    target = tmp_path / "imported.toml"
    target.write_text("# Sites imported from a feed reader\n", encoding="utf-8")
    imported = harvester("import-opml", str(opml), "--sources", str(target))
    assert imported.returncode == 0, imported.stderr
    assert entries(target) == entries(registry_file)
    assert target.read_text("utf-8").startswith("# Sites imported from a feed reader\n")
    assert {s.family for s in load_registry(target)} == {"auto"}
    assert [s.key for s in load_registry(target)] == ["rtes", "le-labo-de-l-ess-amis-2",
                                                     "cress-auvergne-rhone-alpes"]
    assert imported.stdout.splitlines()[0].startswith("added rtes: RTES")
    assert imported.stdout.splitlines()[-1] == f"3 sources added to {target}, 0 already known"


def test_import_skips_known_sources_and_keeps_the_file_text(registry_file, tmp_path):
    opml = write_opml(tmp_path, NESTED.replace(
        b"https://www.ess-france.org/feed", b"http://rtes.fr/spip.php?page=backend#top"))
    before = registry_file.read_bytes()
    result = harvester("import-opml", str(opml), "--sources", str(registry_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (f"2 sources added to {registry_file}, "
                                              "1 already known")
    after = registry_file.read_bytes()
    assert after.startswith(before)
    assert [s.key for s in load_registry(registry_file)][3:] == ["cress-bretagne", "avise"]
    again = harvester("import-opml", str(opml), "--sources", str(registry_file))
    assert again.stdout.splitlines() == [f"0 sources added to {registry_file}, 3 already known"]
    assert registry_file.read_bytes() == after


def test_known_means_the_same_site_or_feed_url_whatever_its_spelling(registry_file):
    known = load_registry(registry_file).sources
    feeds = [ImportedFeed("RTES again", "https://other.example/feed", "http://rtes.fr"),
             ImportedFeed("CRESS", "https://cress-aura.org/feed/", None),
             ImportedFeed("CRESS site", "https://x.example/rss",
                          "https://www.cress-aura.org/actualites?utm_medium=rss"),
             ImportedFeed("Labo site by its feed", "https://www.lelabo-ess.org/feed", None),
             ImportedFeed("Labo news", "https://www.lelabo-ess.org/news/feed",
                          "https://www.lelabo-ess.org/news/")]
    plan = plan_import(feeds, known)
    assert [f.title for f in plan.known] == ["RTES again", "CRESS", "CRESS site",
                                             "Labo site by its feed"]
    assert [s.url for s in plan.added] == ["https://www.lelabo-ess.org/news/"]


def test_nested_folders_are_flattened_in_document_order():
    assert read_opml(NESTED, "feeds.opml") == [
        ImportedFeed("ESS France", "https://www.ess-france.org/feed", "https://www.ess-france.org/"),
        ImportedFeed("CRESS Bretagne", "https://www.ess-bretagne.org/rss", None),
        ImportedFeed("Avise", "https://www.avise.org/rss.xml", None),
    ]


def test_a_missing_site_url_is_the_feed_site_root(tmp_path):
    target = tmp_path / "new.toml"
    result = harvester("import-opml", str(write_opml(tmp_path, NESTED)), "--sources", str(target))
    assert result.returncode == 0, result.stderr
    assert entries(target)[1:] == [
        ("CRESS Bretagne", "https://www.ess-bretagne.org/", "https://www.ess-bretagne.org/rss"),
        ("Avise", "https://www.avise.org/", "https://www.avise.org/rss.xml")]


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE, SMALL_ENTITY], ids=["laughs", "xxe",
                                                                           "entity"])
def test_entities_are_refused(tmp_path, data):
    with pytest.raises(ValueError, match=r"hostile\.opml"):
        read_opml(data, "hostile.opml")
    target = tmp_path / "new.toml"
    opml = write_opml(tmp_path, data, "hostile.opml")
    one_line_error(harvester("import-opml", str(opml), "--sources", str(target)), 2,
                   str(opml))
    assert not target.exists()


@pytest.mark.parametrize(("data", "problem"), [
    (b"", "not a well-formed XML file"),
    (b"<opml><body><outline", "not a well-formed XML file"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "root element is <rss>"),
    (b'<opml version="2.0"><head/></opml>', "without <body>"),
])
def test_a_bad_file_is_one_line_naming_it(tmp_path, data, problem):
    with pytest.raises(ValueError, match=problem):
        read_opml(data, "bad.opml")
    opml = write_opml(tmp_path, data, "bad.opml")
    one_line_error(harvester("import-opml", str(opml), "--sources", str(tmp_path / "s.toml")),
                   2, str(opml), problem)


def test_urls_that_are_not_http_are_refused(tmp_path):
    opml = write_opml(tmp_path, b"""<opml version="2.0"><body>
        <outline text="js" xmlUrl="javascript:alert(1)"/>
        <outline text="local" xmlUrl="file:///etc/passwd"/>
        <outline text="relative" xmlUrl="feed.xml"/>
        <outline text="bad site" xmlUrl="https://ok.example/feed" htmlUrl="ftp://ok.example/"/>
        <outline text="fine" xmlUrl="https://ok.example/feed"/>
        </body></opml>""")
    target = tmp_path / "new.toml"
    result = harvester("import-opml", str(opml), "--sources", str(target))
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 4
    assert all(line.startswith("refused ") for line in result.stderr.splitlines())
    assert result.stdout.splitlines()[-1].endswith("0 already known, 4 refused")
    assert entries(target) == [("fine", "https://ok.example/", "https://ok.example/feed")]


def test_the_packaged_registry_is_never_written(tmp_path, monkeypatch):
    monkeypatch.delenv("HARVESTER_SOURCES", raising=False)
    opml = write_opml(tmp_path, NESTED)
    one_line_error(harvester("import-opml", str(opml)), 2, "--sources PATH", "packaged")
    packaged = Path(load_registry().path)
    one_line_error(harvester("import-opml", str(opml), "--sources", str(packaged)), 2,
                   "packaged registry")


def test_an_import_that_would_break_the_file_leaves_it_as_it_was(tmp_path):
    inline = tmp_path / "inline.toml"  # valid, but [[source]] cannot extend an inline array
    inline.write_bytes(b'source = [{key = "a", name = "A", url = "https://a.example/"}]')
    opml = write_opml(tmp_path, NESTED)
    one_line_error(harvester("import-opml", str(opml), "--sources", str(inline)), 2,
                   str(inline), "unchanged")
    assert inline.read_bytes() == b'source = [{key = "a", name = "A", url = "https://a.example/"}]'


def test_base_url_without_opml_is_a_usage_error(registry_file):
    one_line_error(harvester("sources", "--sources", str(registry_file), "--base-url",
                             "https://x.example/"), 2, "--opml")


@given(st.text())
def test_toml_strings_read_back_as_written(text):
    text = text.encode("utf-8", "ignore").decode("utf-8")  # TOML holds no lone surrogates
    assert tomllib.loads(f"value = {toml_string(text)}")["value"] == text


@given(st.text(), st.sets(st.from_regex(KEY_PATTERN, fullmatch=True), max_size=5))
def test_keys_are_registry_keys_and_unique(name, taken):
    key = unique_key(name, "https://www.example.org/", set(taken))
    assert KEY_PATTERN.match(key)
    assert key not in taken
    assert len(key) <= 60


def feeds_or_problem(data: bytes) -> list[ImportedFeed] | str:
    try:
        return read_opml(data, "fuzz.opml")
    except ValueError as exc:
        return str(exc)


@given(st.binary(max_size=400))
def test_reading_any_bytes_gives_feeds_or_a_value_error(data):
    read = feeds_or_problem(b"<opml><body>" + data)
    if isinstance(read, str):
        assert read.startswith("fuzz.opml: ")
    else:
        assert all(f.xml_url for f in read)


NAMES = st.text(min_size=1, max_size=40).map(one_line).filter(bool)
HOSTS = st.from_regex(r"[a-z][a-z0-9]{0,10}\.(org|fr|coop)", fullmatch=True)


@given(st.lists(st.tuples(NAMES, HOSTS, st.booleans()), max_size=6,
                unique_by=lambda t: t[1]))
def test_any_registry_round_trips_through_the_functions(rows):
    sources = [Source(key=f"s{i}", name=name, url=f"https://{host}/",
                      feed=f"https://{host}/feed" if has_feed else None)
               for i, (name, host, has_feed) in enumerate(rows)]
    document = sources_opml(sources, title="t", feed_base=None, created=datetime.now(UTC))
    plan = plan_import(read_opml(document, "s.opml"), [])
    assert [(s.name, s.url, s.feed) for s in plan.added] == [
        (s.name, s.url, s.feed) for s in sources]
