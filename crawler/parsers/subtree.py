"""One element of the page's lxml tree read on its own, as BeautifulSoup read the same
element's HTML re-parsed (what the golden files hold), without that second parse and
without changing the page's tree, which other fields still read:

- text is read node by node, never comments; <script>, <style>, <template>, <rt> and <rp>
  text only when reading that element itself (BeautifulSoup's Script, Stylesheet,
  TemplateString and ruby strings); each text node a piece of its own, so what is skipped
  leaves its tail apart from the text before it (lxml's drop_tree would glue "a<ins/>b"
  into "ab" where get_text gave "a b");
- CSS matches never come from inside a <template> (its contents are not the document's,
  as soupsieve's select has it);
- an element a parse of its HTML alone would not put in a <body> (head elements, the
  document-level ones) is read as that parse made it, the one case still parsed twice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from lxml import etree

OWN_TEXT = frozenset({"script", "style", "template", "rt", "rp"})
# libxml2 puts these in <head> or outside <body> when they open a document.
REPARSED = frozenset(
    {"html", "head", "body", "title", "meta", "link", "base", "script", "style"}
    | {"noframes", "frame", "frameset"}
)
NOTHING: frozenset[etree._Element] = frozenset()


def _standalone(element: etree._Element) -> tuple[etree._Element, bool]:
    """What a parse of the element's HTML alone reads from: the element itself, or for the
    REPARSED ones the <body> (else the document) of that parse, a wrapper."""
    if element.tag not in REPARSED:
        return element, False
    markup = etree.tostring(element, method="html", encoding="unicode", with_tail=False)
    try:
        doc = etree.fromstring(markup, etree.HTMLParser(recover=True))
    except (ValueError, etree.XMLSyntaxError):  # nothing a document can be made of
        return element, False
    if doc is None:
        return element, False
    body = doc.find("body")
    return (doc if body is None else body), True


def _up(el: etree._Element | None, top: etree._Element) -> Iterator[etree._Element]:
    """el, then its ancestors up to `top` (inclusive)."""
    while el is not None:
        yield el
        if el is top:
            return
        el = el.getparent()


def _walk(
    el: etree._Element, kind: str | None, want: str | None, skip: Collection[etree._Element]
) -> Iterator[str]:
    """Text and tails in document order, without recursion: a page may nest 2,000 deep."""
    todo: list[tuple[etree._Element, str | None, bool]] = [(el, kind, False)]
    while todo:
        node, k, tail = todo.pop()
        text = node.tail if tail else node.text
        if k == want and text:
            yield text
        if tail:
            continue
        for child in reversed(node):
            todo.append((child, k, True))  # its tail, read in node's kind, after its own
            tag = child.tag
            if isinstance(tag, str) and child not in skip:  # comments have a function as tag
                todo.append((child, tag if tag in OWN_TEXT else k, False))


class Subtree:
    """An element read on its own: `root` is what is read (the element, or a wrapper)."""

    def __init__(self, element: etree._Element) -> None:
        self.root, self.wrapped = _standalone(element)

    def select(self, xpath: str) -> list[etree._Element]:
        """Matches of an XPath from parsel's css2xpath (root itself included, unless a
        wrapper), none inside a <template>."""
        return [
            e
            for e in self.root.xpath(xpath)
            if not (self.wrapped and e is self.root) and not self._in_template(e)
        ]

    def _in_template(self, el: etree._Element) -> bool:
        return el is not self.root and any(
            a.tag == "template" for a in _up(el.getparent(), self.root)
        )

    def strings(
        self,
        el: etree._Element,
        skip: Collection[etree._Element] = NOTHING,
        outer: bool = False,
    ) -> Iterator[str]:
        """The text nodes under `el` in order, minus skipped subtrees (their tails kept).
        A node's kind is its innermost <script>-like element's; el's own kind is read, or
        with `outer` what el's parent reads (el's own <script>-like text then left out)."""
        if el in skip:
            return
        kind = next((e.tag for e in _up(el, self.root) if e.tag in OWN_TEXT), None)
        want = el.tag if el.tag in OWN_TEXT and not outer else None
        yield from _walk(el, kind, want, skip)
