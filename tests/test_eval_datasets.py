"""The evaluation's readers of other projects' test data (eval/datasets.py)."""

from __future__ import annotations

from eval.datasets import L3S, js_text, l3s_pages, postlight_pages

MERCURY_TEST = """\
describe('WwwExampleFrExtractor', () => {
  describe('initial test case', () => {
    let result;
    let url;
    beforeAll(() => {
      url =
        'https://www.example.fr/economie/' +
        'article.html';
      const html = fs.readFileSync('./fixtures/www.example.fr.html');
      result = Mercury.parse(url, { html, fallback: false });
    });

    it('returns the title', async () => {
      const { title } = await result;
      assert.equal(
        title,
        `Les perspectives de l\\'économie`
      );
    });

    it('returns the author', async () => {
      const { author } = await result;
      assert.equal(author, 'Anne Dupont, Marc Petit and Lou Ba');
    });

    it('returns the date_published', async () => {
      const { date_published } = await result;
      assert.equal(date_published, '2019-05-07T11:59:43.000Z');
    });

    it('returns the content', async () => {
      const { content } = await result;
      const $ = cheerio.load(content || '');
      const first13 = excerptContent($('*').first().text(), 13);
      assert.equal(first13, "Les dirigeants européens qui doivent se réunir, jeudi 9 mai");
    });
  });
});
"""


def test_js_text_joins_literals_and_reads_escapes():
    assert js_text("'a\\'b' + \"c\\nd\"") == "a'bc\nd"
    assert js_text("`x`") == "x"


def test_postlight_pages_read_the_asserted_values():
    files = {"src/extractors/custom/www.example.fr/index.test.js": MERCURY_TEST.encode(),
             "fixtures/www.example.fr.html": b"<html><body><p>page</p></body></html>"}
    (page,) = postlight_pages(files)
    assert (page.subset, page.name) == ("postlight", "www.example.fr")
    assert page.url == "https://www.example.fr/economie/article.html"
    assert page.title == "Les perspectives de l'économie"
    assert page.authors == ["Anne Dupont", "Marc Petit", "Lou Ba"]
    assert page.date == "2019-05-07"
    assert page.body == "Les dirigeants européens qui doivent se réunir, jeudi 9 mai"
    assert page.body_is_prefix


def test_postlight_fixtures_get_the_content_of_their_meta_tags_back():
    fixture = (b'<html><head><meta name="author" value="Anne Dupont">'
               b'<meta name="og:title" content="Titre" value="autre">'
               b'<META NAME="date" VALUE = "2019-05-07"><meta name="x" data-value="1">'
               b'</head><body><input value="v"><p>page</p></body></html>')
    files = {"src/extractors/custom/www.example.fr/index.test.js": MERCURY_TEST.encode(),
             "fixtures/www.example.fr.html": fixture}
    (page,) = postlight_pages(files)
    assert page.html == (b'<html><head><meta name="author" content="Anne Dupont">'
                         b'<meta name="og:title" content="Titre" value="autre">'
                         b'<META NAME="date" content = "2019-05-07"><meta name="x" '
                         b'data-value="1"></head><body><input value="v"><p>page</p></body>'
                         b'</html>')


def test_postlight_pages_skip_a_test_whose_fixture_is_missing():
    files = {"src/extractors/custom/www.example.fr/index.test.js": MERCURY_TEST.encode()}
    assert list(postlight_pages(files)) == []


def test_l3s_pages_read_the_marked_headline_and_full_text():
    # the original is UTF-8 though it says ISO-8859-1; its annotated copy writes "?" for ’
    original = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
                'charset=ISO-8859-1"></head><body><h1>Kosovo’s status</h1>'
                '<p>Rücker spoke.</p><p>Related</p></body></html>').encode()
    annotated = (b'<html><body><span class="x-nc-sel1">Kosovo?s status</span>'
                 b'<span class="x-nc-sel2">R\xc3\xbccker <a href="#">spoke</a>.</span>'
                 b'<span class="x-nc-sel2"> </span><span class="x-nc-sel4">Related</span>'
                 b'</body></html>')
    files = {f"{L3S}/url-mapping.txt": b"<urn:uuid:a1>\thttp://news.example.com/a1\n",
             f"{L3S}/original/a1.html": original, f"{L3S}/annotated/a1.html": annotated}
    (page,) = l3s_pages(files)
    assert page.url == "http://news.example.com/a1"
    assert page.title == "Kosovo’s status"
    assert page.body == "Rücker spoke."
    assert page.html == original


def test_l3s_pages_score_no_title_when_several_blocks_are_marked_headline():
    files = {f"{L3S}/url-mapping.txt": b"",
             f"{L3S}/original/b2.html": b"<html><body><p>x</p></body></html>",
             f"{L3S}/annotated/b2.html": b'<span class="x-nc-sel1">Title</span>'
                                         b'<span class="x-nc-sel1">Email Print</span>'
                                         b'<span class="x-nc-sel2">Text</span>'}
    (page,) = l3s_pages(files)
    assert (page.title, page.url, page.body) == (None, None, "Text")
