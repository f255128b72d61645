"""The limited markup of news posts (news/markup.py): what coordinators may write, and that no
script, handler, style, frame or dangerous address reaches a page, whether typed as Markdown
or as raw HTML."""

import lxml.html
import pytest

from news.markup import render
from tests.news.factories import PostFactory

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "a", "em", "strong", "blockquote", "br"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def elements(html: str) -> list:
    """Every element of the rendered fragment (inside a wrapper of ours)."""
    return list(lxml.html.fragment_fromstring(html, create_parent="div").iter())[1:]


def assert_harmless(html: str) -> None:
    """Only allowed tags, only href and title on links (and rel), only safe addresses."""
    for element in elements(html):
        assert element.tag in ALLOWED_TAGS, html
        allowed = {"href", "title", "rel"} if element.tag == "a" else set()
        assert set(element.attrib) <= allowed, html
        if "href" in element.attrib:
            assert element.get("href").startswith(SAFE_SCHEMES), html


def test_headings_lists_links_and_emphasis_become_their_html():
    html = render(
        "## Le bilan\n\n"
        "Un *beau* résultat et un **grand** merci.\n"
        "Deuxième ligne.\n\n"
        "### Les projets\n\n"
        "- Haïti\n- Dominique\n\n"
        "#### Les étapes\n\n"
        "1. déposer\n2. attendre\n\n"
        "> Une citation.\n\n"
        '[Le site](https://www.example.org/fcr "Le FCR") et <https://example.org/a> '
        "et <contact@example.org>"
    )
    assert html == (
        "<h2>Le bilan</h2>\n"
        "<p>Un <em>beau</em> résultat et un <strong>grand</strong> merci.<br>\n"
        "Deuxième ligne.</p>\n"
        "<h3>Les projets</h3>\n"
        "<ul>\n<li>Haïti</li>\n<li>Dominique</li>\n</ul>\n"
        "<h4>Les étapes</h4>\n"
        "<ol>\n<li>déposer</li>\n<li>attendre</li>\n</ol>\n"
        "<blockquote>\n<p>Une citation.</p>\n</blockquote>\n"
        '<p><a href="https://www.example.org/fcr" title="Le FCR" rel="nofollow noopener">'
        "Le site</a> et "
        '<a href="https://example.org/a" rel="nofollow noopener">https://example.org/a</a> et '
        '<a href="mailto:contact@example.org" rel="nofollow noopener">contact@example.org</a></p>'
    )


def test_headings_stay_below_the_pages_title_and_stop_at_h4():
    assert render("# Un") == "<h2>Un</h2>"
    assert render("## Deux") == "<h2>Deux</h2>"
    assert render("Trois\n-----") == "<h2>Trois</h2>"
    assert render("###### Six") == "<h4>Six</h4>"


def test_other_markdown_keeps_its_text_and_loses_its_tags():
    html = render("`code` et ![une image](https://example.org/i.png)\n\n---\n\n    bloc")
    assert_harmless(html)
    assert "code" in html
    assert "bloc" in html
    assert "<img" not in html


def test_an_empty_body_renders_nothing():
    assert render("") == ""
    assert render("  \n ") == ""


# Payloads from the usual XSS lists (OWASP's filter evasion cheat sheet, PortSwigger's),
# written as raw HTML and as Markdown.
XSS = {
    "script tag": "<script>alert(1)</script>",
    "script inside a sentence": "Bonjour <script>alert(1)</script> à tous",
    "script, upper case": "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "img onerror inside a sentence": "Voyez <img src=x onerror=alert(1)> ici",
    "svg onload": "<svg onload=alert(1)>",
    "svg with script": "<svg><script>alert(1)</script></svg>",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object data": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="javascript:alert(1)">',
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "style element": "<style>body{display:none}</style>",
    "link with handler": '<a href="https://example.org" onclick="alert(1)">x</a>',
    "raw javascript link": '<a href="javascript:alert(1)">x</a>',
    "raw data link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "body onload": "<body onload=alert(1)>",
    "form action": '<form action="javascript:alert(1)"><button>x</button></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base href": '<base href="javascript:alert(1)//">',
    "math with link": '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
    "unclosed tag": "<img src=x onerror=alert(1)//",
    "comment trick": "<!--<img src=--><img src=x onerror=alert(1)//>",
    "markdown javascript link": "[clic](javascript:alert(1))",
    "markdown javascript link, mixed case": "[clic](JaVaScRiPt:alert(1))",
    "markdown javascript link, spaces": "[clic]( javascript:alert(1) )",
    "markdown javascript link, tab inside": "[clic](java\tscript:alert(1))",
    "markdown javascript link, entity encoded": "[clic](&#106;avascript:alert(1))",
    "markdown javascript link, hex entities": "[clic](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
    "markdown javascript link, entity tab": "[clic](java&#x09;script:alert(1))",
    "markdown javascript reference link": "[clic][x]\n\n[x]: javascript:alert(1)",
    "markdown javascript autolink": "<javascript:alert(1)>",
    "markdown vbscript link": "[clic](vbscript:msgbox(1))",
    "markdown data link": "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "markdown data image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "markdown image onerror": '![x" onerror="alert(1)](https://example.org/i.png)',
    "markdown link breaking out of href": '[a](https://example.org"onmouseover="alert(1))',
    "markdown link title breaking out": '[a](https://example.org "x" onmouseover="alert(1)")',
    "markdown relative link": "[a](/admin/)",
    "markdown protocol-relative link": "[a](//evil.example/)",
    "heading with raw html": "## <img src=x onerror=alert(1)>",
    "list with raw html": "- <script>alert(1)</script>",
    "emphasis around raw html": "*<svg onload=alert(1)>*",
    "entity encoded tag": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "double encoded entity link": "[clic](&amp;#106;avascript:alert(1))",
}


@pytest.mark.parametrize("source", XSS.values(), ids=XSS.keys())
def test_no_payload_reaches_a_page_as_markup(source):
    html = render(source)
    assert_harmless(html)
    lowered = html.lower()
    for dangerous in ("<script", "<img", "<svg", "<iframe", "<style", "<object", "<embed"):
        assert dangerous not in lowered, html
    assert "javascript:" not in "".join(e.get("href", "") for e in elements(html)).lower()


def test_raw_html_is_shown_as_the_text_typed():
    html = render("Écrivez <b>ceci</b> et <script>alert(1)</script>.")
    assert (
        html == "<p>Écrivez &lt;b&gt;ceci&lt;/b&gt; et &lt;script&gt;alert(1)&lt;/script&gt;.</p>"
    )
    (paragraph,) = elements(html)
    assert paragraph.text_content() == "Écrivez <b>ceci</b> et <script>alert(1)</script>."


def test_a_refused_address_leaves_the_links_text_without_href():
    assert render("[clic](javascript:alert(1))") == '<p><a rel="nofollow noopener">clic</a></p>'


@pytest.mark.django_db
def test_saving_a_post_renders_its_body_and_an_edit_renders_it_again(territories):
    post = PostFactory(body="**Gras** <script>alert(1)</script>")
    assert post.body_html == "<p><strong>Gras</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    post.body = "## Nouveau"
    post.save(update_fields=["body"])
    post.refresh_from_db()
    assert post.body_html == "<h2>Nouveau</h2>"
