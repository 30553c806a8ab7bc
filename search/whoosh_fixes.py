"""Fixes to whoosh-reloaded carried in the project (offered upstream), as subclasses used by
name: nothing in Whoosh itself is patched.

`RequireMatcher.skip_to_quality` (whoosh-reloaded 2.7.5) calls its intersection's
`_find_next()` even when the skip left both sides on the same document, where that method
asserts they differ: any `Require` query crashes as soon as top-k collection tries to skip
blocks, so filters could only run as a post-filter (FilterCollector), which builds its
document set per search and keeps the collector from skipping at all.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as Q
from whoosh.matching import wrappers


class RequireMatcher(wrappers.RequireMatcher):
    """Documents of `a` that are also in `b`, scored by `a` alone."""

    def skip_to_quality(self, minquality: float) -> int:
        skipped = self.a.skip_to_quality(minquality)
        a, b = self.a, self.b
        if a.is_active() and b.is_active() and a.id() != b.id():
            self.child._find_next()
        return skipped


class Require(Q.Require):
    """`Require(scored, filter)`: the filter decides which documents match, the scored query
    alone how they rank."""

    JOINT = " REQUIRE "

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        # Whoosh's Require.matcher names its matcher class instead of using matcherclass
        scored = self.a.matcher(searcher, context)
        required = self.b.matcher(searcher, searcher.boolean_context())
        return RequireMatcher(scored, required)
