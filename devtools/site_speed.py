"""How fast each page of the course website opens for a reader, in headless Chromium.

Used by the benchmark (``python -m benchmarks --site``). The site is served from a web server
on this machine, as a class would open it once published, and the browser can reach nothing
else: its other requests go to a proxy that does not exist, and are recorded.

What a page costs is measured as a reader pays it who has opened the site before: the files
every page shares (the theme's styles and scripts, the course's Vega bundle, MathJax: all of
Sphinx's ``_static`` folder, and the search index) are in the browser's cache, as a published
site's host lets a browser keep them, and everything else (the page itself) is fetched again
each time.
"""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devtools import lab

#: The files every page shares, which a static host lets browsers cache: Sphinx's static
#: folder and its search index (each page loads it).
SHARED = ("/_static/", "/searchindex.js")


def shared(path: str) -> bool:
    """Whether a file (its path on the site) is one every page shares.

    >>> shared("/_static/course-vega.js?v=1"), shared("/searchindex.js"), shared("/01_a.html")
    (True, True, False)
    """
    return path.startswith(SHARED)


VIEWPORT = {"width": 1400, "height": 900}


class CachingHandler(lab.QuietHandler):
    """Serves a folder; the shared files may be kept by the browser for an hour, every other
    file (the pages) must be fetched again each time."""

    def end_headers(self) -> None:
        cached = shared(self.path)
        self.send_header("Cache-Control", "public, max-age=3600" if cached else "no-store")
        super().end_headers()


@contextmanager
def serve_site(folder: Path) -> Iterator[str]:
    """Serve a built site from ``folder`` on this machine (see ``CachingHandler``); yield its
    address.

    >>> import tempfile, urllib.request
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "page.html").write_text("<p>hello</p>")
    >>> with serve_site(folder) as address:
    ...     response = urllib.request.urlopen(f"{address}/page.html")
    ...     response.read(), response.headers["Cache-Control"]
    (b'<p>hello</p>', 'no-store')
    """
    with lab.serve(folder, CachingHandler) as address:
        yield address


# Counts each chart Vega-Embed is asked to draw and when its first drawing is done (the
# promise Vega-Embed returns settles after the view's first run, which renders it).
CHART_CLOCK = """(() => {
  const clock = { asked: 0, settled: 0, last: null };
  window.__courseChartClock = clock;
  let wrapped;
  Object.defineProperty(window, 'vegaEmbed', {
    configurable: true,
    get() { return wrapped; },
    set(original) {
      wrapped = Object.assign((...args) => {
        clock.asked += 1;
        const settle = () => { clock.settled += 1; clock.last = performance.now(); };
        const promise = original(...args);
        promise.then(settle, settle);
        return promise;
      }, original);
    },
  });
})()"""

PAGE_STATE = """() => {
  const charts = Array.from(document.querySelectorAll('.course-static-chart'));
  const clock = window.__courseChartClock || { asked: 0, settled: 0, last: null };
  return {
    ready: document.readyState === 'complete',
    charts: charts.length,
    drawn: charts.filter((chart) => chart.querySelector('svg.marks, canvas.marks')).length,
    failed: charts.filter((chart) => chart.textContent.includes('could not be drawn')).length,
    asked: clock.asked, settled: clock.settled, last: clock.last,
  };
}"""

# Bytes that came over the network for the page and everything it loaded: a file served
# from the browser's cache transferred none.
TRANSFERRED = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .filter((entry) => entry.transferSize > 0).map((entry) => [entry.name, entry.transferSize])"""


@dataclass
class PageVisit:
    """One visit of a page: the files that came over the network (address and bytes),
    milliseconds from the start of the navigation until every chart had drawn (None if some
    never did), and how many charts the page has and how many drew."""

    page: str
    fetched: dict[str, int]
    drawn_ms: float | None
    charts: int
    drawn: int

    @property
    def bytes(self) -> int:
        """Bytes over the network for the page and all it loaded.

        >>> PageVisit("a.html", {"/a.html": 900, "/_static/x.js": 100}, 5.0, 1, 1).bytes
        1000
        """
        return sum(self.fetched.values())

    @property
    def shared_bytes(self) -> int:
        """Of those, the bytes of files every page shares (``SHARED``).

        >>> PageVisit("a.html", {"/a.html": 900, "/_static/x.js": 100}, 5.0, 1, 1).shared_bytes
        100
        """
        return sum(size for path, size in self.fetched.items() if shared(path))


class Reader:
    """A reader's browser tab that reaches only this machine: every other request goes to a
    proxy that is not there, fails, and is recorded in ``problems``, as are script errors.
    (Playwright's request routing would cut the network off too, but it switches the
    browser's cache off.) The tab's cache lasts as long as the reader."""

    def __init__(self, chromium: Any) -> None:
        self.problems: list[str] = []
        self.open_requests: set[str] = set()
        self.context = chromium.new_context(
            viewport=VIEWPORT, proxy={"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"}
        )
        self.context.add_init_script(CHART_CLOCK)
        self.context.on("request", lambda request: self.open_requests.add(request.url))
        self.context.on("requestfinished", lambda request: self.open_requests.discard(request.url))
        self.context.on("requestfailed", self._failed)
        self.context.on(
            "weberror", lambda error: self.problems.append(f"script error: {error.error}")
        )
        self.page = self.context.new_page()

    def _failed(self, request: Any) -> None:
        self.open_requests.discard(request.url)
        if not request.url.startswith("http://127.0.0.1"):
            self.problems.append(f"asked the network for {request.url[:120]}")

    def close(self) -> None:
        self.context.close()

    def quiet(self, deadline: float, still: float = 0.3) -> None:
        """Wait until no request has been open for ``still`` seconds (or until the deadline):
        MathJax may fetch a font after the charts have drawn."""
        since = time.monotonic()
        while time.monotonic() < deadline:
            if self.open_requests:
                since = time.monotonic()
            elif time.monotonic() - since >= still:
                return
            self.page.wait_for_timeout(50)

    def visit(self, url: str, timeout: float = 30) -> PageVisit:
        """Open ``url`` and wait until every chart on it has drawn (or failed, or the time is
        out) and the network is quiet; return what the visit cost."""
        page = self.page
        page.goto(url)
        deadline = time.monotonic() + timeout
        state = page.evaluate(PAGE_STATE)
        while time.monotonic() < deadline:
            state = page.evaluate(PAGE_STATE)
            finished = state["drawn"] + state["failed"] >= state["charts"]
            if state["ready"] and finished and state["settled"] >= state["asked"]:
                break
            page.wait_for_timeout(50)
        self.quiet(deadline)
        if not state["charts"]:  # a page without charts: until it has loaded
            drawn_ms = page.evaluate(
                "() => performance.getEntriesByType('navigation')[0].loadEventEnd"
            )
        else:
            drawn_ms = state["last"] if state["drawn"] == state["charts"] else None
        origin = "/".join(url.split("/", 3)[:3])
        fetched: dict[str, int] = {}
        for address, size in page.evaluate(TRANSFERRED):
            path = address.removeprefix(origin)
            fetched[path] = fetched.get(path, 0) + size
        return PageVisit(
            page=url.rsplit("/", 1)[-1],
            fetched=fetched,
            drawn_ms=round(drawn_ms, 1) if drawn_ms is not None else None,
            charts=state["charts"],
            drawn=state["drawn"],
        )


def measure_site(
    folder: Path, pages: Sequence[str], repeats: int = 3, chromium: Any = None
) -> dict[str, Any]:
    """Open every page of the site in ``folder`` once (so the shared files are cached), then
    each page ``repeats`` times in turn. Returns the bytes of the shared files (fetched in the
    first round, once for the whole site), the problems met (requests for the network, script
    errors) and a row per page of medians over its visits: ``page``, ``bytes``, ``seconds``
    until every chart drew (None if one never did), ``charts``, ``drawn`` (the fewest that
    drew in a visit), ``fetched`` (the files that came over the network on the last visit,
    with their bytes). ``chromium``: a browser already started
    (else one is started and stopped here).
    """
    visits: dict[str, list[PageVisit]] = {name: [] for name in pages}
    with contextlib.ExitStack() as stack:
        address = stack.enter_context(serve_site(folder))
        chromium = chromium or stack.enter_context(lab.browser())
        reader = Reader(chromium)
        try:
            first = [reader.visit(f"{address}/{name}") for name in pages]
            shared = sum(one.shared_bytes for one in first)
            for _round in range(repeats):
                for name in pages:
                    visits[name].append(reader.visit(f"{address}/{name}"))
        finally:
            reader.close()
        problems = reader.problems
    rows = []
    for name, seen in visits.items():
        times = [one.drawn_ms for one in seen]
        seconds = None if None in times else statistics.median(times) / 1000
        size = int(statistics.median(one.bytes for one in seen))
        rows.append(
            {
                "page": name,
                "bytes": size,
                "seconds": round(seconds, 3) if seconds is not None else None,
                "charts": seen[-1].charts,
                "drawn": min(one.drawn for one in seen),
                "fetched": seen[-1].fetched,
            }
        )
    return {"shared_bytes": shared, "pages": rows, "problems": sorted(set(problems))}
