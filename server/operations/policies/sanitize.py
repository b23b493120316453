"""The policy body's rich text, made safe on the way in (nh3, the Ammonia sanitizer).

Headings, paragraphs, lists, tables, emphasis and links survive; `<script>`, `<style>`, event
attributes, inline styles and any link but http, https and mailto never do. Pictures are kept only
when this app serves them (a path of its own, not another host), so a page loads nothing from outside.
"""

import nh3

TAGS = {
    *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote"),
    *("ul", "ol", "li", "dl", "dt", "dd"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
    *("b", "strong", "em", "i", "u", "sub", "sup", "span", "a", "img"),
}
SPANS = {"colspan", "rowspan"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}, "th": SPANS, "td": SPANS}
REMOVED_WITH_CONTENT = {"script", "style"}
URL_SCHEMES = {"http", "https", "mailto"}


def _only_our_pictures(tag, attribute, value):
    if tag == "img" and attribute == "src" and not (value.startswith("/") and not value.startswith("//")):
        return None
    return value


def sanitize_html(html):
    """`html` with everything but the allowed tags, attributes and link schemes removed."""
    return nh3.clean(
        html or "",
        tags=TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_only_our_pictures,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()
