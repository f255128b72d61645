"""The limited markup of news posts: what coordinators type (Markdown) and the HTML pages show.

Business rules:

- Allowed: headings (`##` an h2, `###` an h3, `####` an h4: under the page's own h1, a `#` is
  an h2 too, and deeper ones are h4), paragraphs (a line break is kept as one), lists,
  quotations, emphasis and links. Nothing else reaches a page: tables, code and any other
  markup keep their text and lose their tags; images and horizontal rules are left out.
- Raw HTML typed in the source is never markup: it is shown as the text typed (`<b>` reads
  "<b>"), whether it is a block or inside a sentence.
- Links go to absolute http, https or mailto addresses only (a `javascript:`, `data:` or
  relative address loses its href, whatever its case or its HTML entities); every link says
  `rel="nofollow noopener"`.
- What Markdown produced is then sanitised by nh3 (ammonia) with an allow-list: the sanitiser,
  not Markdown, is what guarantees the page receives only those tags and attributes.
"""

import xml.etree.ElementTree as ET

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "a", "em", "strong", "blockquote", "br"}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
# Tags whose content goes with them, were they ever produced (with raw HTML escaped, only by a
# change of the Markdown rendering): never the text of a script or a style sheet on a page.
CLEAN_CONTENT_TAGS = {"script", "style"}
# Body headings start below the page's h1 (the post's title) and stop at h4.
HIGHEST_HEADING, LOWEST_HEADING = 2, 4

_cleaner = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=CLEAN_CONTENT_TAGS,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)


class _HeadingLevels(Treeprocessor):
    """h1 → h2 (the page's title is its only h1); h5 and h6 → h4."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                level = int(element.tag[1])
                element.tag = f"h{min(max(level, HIGHEST_HEADING), LOWEST_HEADING)}"


class _LimitedMarkdown(Extension):
    """Markdown without raw HTML (shown as typed), its headings below the page's h1."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_HeadingLevels(md), "heading_levels", 1)


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_LimitedMarkdown(), "nl2br", "sane_lists"])


def render(source: str) -> str:
    """The sanitised HTML of a post's body (see the module's rules); "" for an empty body."""
    if not source or not source.strip():
        return ""
    return _cleaner.clean(_markdown().convert(source))
