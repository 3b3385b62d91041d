"""What the elements of a web page say about themselves: tags, roles, class and id hints.

Shared by the finding of the article (`htmlextract`), its metadata (`htmlmeta`) and its
conversion (`htmlblocks`). Class and id hints are matched on whole words: "nav-links" and
"jp-relatedposts" hint, "header" or "shadow" never hint "ad".
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# ----------------------------------------------------------------- tags

QUIET_TAGS = frozenset({"script", "style", "noscript", "template", "link", "meta", "base",
                        "title", "head", "param", "source", "track", "map", "area"})
"""Never text: dropped without a report."""
FURNITURE_TAGS = {
    "nav": "navigation", "aside": "sidebar", "footer": "footer", "form": "form",
    "iframe": "embed", "object": "embed", "embed": "embed", "video": "embed", "audio": "embed",
    "canvas": "embed", "button": "button", "input": "form control", "select": "form control",
    "textarea": "form control", "dialog": "popup",
}
"""Page furniture by tag: dropped from the article and reported (Removal kind)."""
FURNITURE_ROLES = {
    "navigation": "navigation", "banner": "header", "contentinfo": "footer",
    "complementary": "sidebar", "search": "form", "dialog": "popup", "alertdialog": "popup",
    "menu": "navigation", "menubar": "navigation", "toolbar": "button", "button": "button",
    "doc-toc": "navigation",
}
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "caption", "listing", "plaintext", "xmp",
})
"""Elements a browser lays out as blocks: they end the paragraph around them."""
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

# ---------------------------------------------------------------- hints

_WORD = r"(?<![a-z0-9])(?:{})(?![a-z0-9])"
FURNITURE_HINTS = tuple((what, re.compile(_WORD.format(words))) for what, words in (
    # Removal kind, words of class names and ids (lower case, "-" between the parts)
    ("comment section", r"comment(?!ary)[a-z]*|disqus[a-z-]*|respond|replies|discourse"),
    ("share bar", r"share[a-z]*|sharing|social[a-z]*|addthis|addtoany|a2a[a-z-]*"
                  r"|partage[a-z]*|teilen|compartir|condividi"),
    ("advertisement", r"ad|ads|adv|advert[a-z]*|ad-?(?:slot|unit|container|wrapper|box|block)"
                      r"|sponsor[a-z]*|dfp|gpt-ad|taboola|outbrain|promo[a-z]*|native-ad"
                      r"|pub|publicite|werbung|anzeigen?|publicidad"),
    ("related-articles list", r"related[a-z]*|recommend[a-z]*|read-?next|more-?stories"
                              r"|also-?read|most-?(?:popular|read)|trending|more-from[a-z-]*"),
    ("newsletter prompt", r"newsletter[a-z]*|subscribe[a-z]*|subscription|sign-?up|paywall|cta"),
    ("navigation", r"nav|navbar|navigation|menu|breadcrumbs?|pagination|pager|skip-?link"
                   r"|toc|table-of-contents|post-?nav[a-z-]*|tags|tag-?list|post-?tags"
                   r"|entry-?footer|entry-?utility|post-?footer|categories"),
    ("sidebar", r"sidebar[a-z]*|widget[a-z]*|rail"),
    ("author box", r"author-?(?:bio|box|card|profile|details|about)|about-?(?:the-)?author"
                   r"|bio-?box"),
    ("popup", r"cookie[a-z]*|consent|gdpr|modal|popup|overlay"),
    ("site header", r"site-?header|masthead|top-?bar"),
    ("footer", r"footer|site-?footer|colophon"),
))
"""Class/id words that mark furniture, by Removal kind (first match wins)."""
CONTENT_HINT = re.compile(_WORD.format(
    r"article|articles|body|content|entry|hentry|h-entry|main|post|text|blog|story|prose"
    r"|article-?body|entry-?content|post-?content|story-?body|post-?body"))
"""Words that mark the article text (readability's positive class weights)."""
STRONG_CONTENT_HINT = re.compile(
    r"(?:^|\s)(?:[a-z0-9]+-)*(?:article-?(?:body|content|text)|entry-?content|post-?(?:content|body"
    r"|text)|story-?(?:body|content)|content-?body|main-?content|articlebody)(?=\s|$)")
"""A class name ending in these words marks the article text itself: never furniture
("c-article-body" is the text; "article-body--share" is not)."""
NEGATIVE_HINT = re.compile(_WORD.format(r"meta|masthead|hidden|tool[a-z]*|contact|foot|byline"))
"""Further words weighing against a container when scoring (besides FURNITURE_HINTS)."""
TAXONOMY_CLASS = re.compile(r"(?:tag|category|format|status|type)-[\w-]+"
                            r"|(?:post|postid|page-id)-\d+")
"""WordPress's taxonomy classes on posts ("tag-ads", "category-comments"): no hints at all."""
ATOMIC_CLASS = 3
ATOMIC_CLASSES = 3
SCREEN_READER_ONLY = re.compile(r"(?<![\w-])(?:sr-only|screen-reader-text|screen-reader-only"
                                r"|visually-?hidden|a11y-hidden|assistive-text|offscreen)(?![\w-])",
                                re.I)
ARIA_HIDDEN_MAX_WORDS = 30
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def hint_words(el: HtmlElement) -> str:
    """Its class names and id, lower case, words joined by "-" ("shareBar" → "share-bar").

    Generated atomic class names ("ab ac ad ae", Medium's) say nothing: when an element has
    several names of at most ATOMIC_CLASS letters, those are left out.
    """
    names = [name for name in (el.get("class") or "").split() if not TAXONOMY_CLASS.fullmatch(name)]
    if sum(len(name) <= ATOMIC_CLASS for name in names) >= ATOMIC_CLASSES:
        names = [name for name in names if len(name) > ATOMIC_CLASS]
    names.append(el.get("id") or "")
    return " ".join(_CAMEL.sub("-", name).lower().replace("_", "-") for name in names).strip()


def furniture_hint(el: HtmlElement) -> str | None:
    """The Removal kind its class or id suggests, or None (never for the article text)."""
    words = hint_words(el)
    if not words or STRONG_CONTENT_HINT.search(words):
        return None
    return next((what for what, pattern in FURNITURE_HINTS if pattern.search(words)), None)


def role_of(el: HtmlElement) -> str:
    return (el.get("role") or "").strip().lower()


def epub_type(el: HtmlElement) -> str:
    return (el.get("epub:type") or "").strip().lower()


def is_svg_image(el: HtmlElement) -> bool:
    """An inline SVG that is a picture (role="img" with a name), not an icon."""
    return role_of(el) == "img" and bool(el.get("aria-label") or el.find("title") is not None)


def is_hidden(el: HtmlElement) -> bool:
    """Hidden by the page: the hidden attribute, display:none, visibility:hidden, a class for
    screen readers only, or aria-hidden on a short piece (a decorative "·" or icon).

    aria-hidden does not hide from sight, and pages saved while a dialog was open carry it on
    their whole content: a longer text with it is kept.
    """
    if el.get("hidden") is not None or SCREEN_READER_ONLY.search(el.get("class") or ""):
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return ((el.get("aria-hidden") or "").strip().lower() == "true"
            and len(text_of(el).split()) <= ARIA_HIDDEN_MAX_WORDS)


# ----------------------------------------------------------------- text

SPACES = re.compile(r"[ \t\n\r\f]+")
"""HTML's white space (not the no-break space)."""


def text_of(el: HtmlElement) -> str:
    """Its text with white space collapsed, pieces joined by spaces (for classifying only)."""
    return " ".join(SPACES.sub(" ", " ".join(el.itertext())).split())


def link_density(el: HtmlElement) -> float:
    """The share of its text that sits in links."""
    total = len(text_of(el))
    if not total:
        return 0.0
    return sum(len(text_of(a)) for a in el.iter("a")) / total


def last_line(el: HtmlElement) -> int:
    """The last line it spans, as far as lxml knows (the last start tag inside it)."""
    lines = [d.sourceline for d in el.iter() if isinstance(d.tag, str) and d.sourceline]
    last = max(lines, default=el.sourceline or 0)
    tail_lines = [d for d in el.iter() if isinstance(d.tag, str) and d.sourceline == last]
    text = (tail_lines[-1].text or "") if tail_lines else ""
    return last + text.rstrip().count("\n")


def tag_of(el: HtmlElement) -> str:
    """The lower-case tag name ("" for comments and processing instructions)."""
    return el.tag.lower() if isinstance(el.tag, str) else ""


def drop(el: HtmlElement) -> None:
    """Remove an element, keeping its tail; a block leaves an empty block, so that the texts
    around it stay apart ("6 min read" <div>·</div> "Jan 14" is no "6 min readJan 14")."""
    if tag_of(el) in BLOCK_TAGS:
        tail = el.tail
        el.clear()
        el.tag, el.tail = "div", tail
        return
    el.drop_tree()
