"""A local feed server: well-formed and broken feeds of many kinds, on loopback.

    server = FeedServer()
    await server.start()               # http://127.0.0.1:<port>, and http://[::1]:<port>
    server.url("/rss")
    server.hits["/rss"], server.not_modified["/rss"]

``/rss`` ``/atom`` ``/rdf`` are well-formed (RSS 2.0 answers conditional requests with 304);
``/noids`` ``/nodates`` ``/hostile`` ``/empty`` are odd but feeds; ``/huge`` ``/huge-chunked``
``/slow`` ``/loop`` ``/redirects/<n>`` ``/to-loopback`` ``/error`` ``/garbage`` ``/page`` are
broken. ``server.feeds[path] = body`` serves any body at any path (with an ETag), and
``server.fail[path] = status`` makes a path answer with an error until cleared.
"""
from __future__ import annotations

import asyncio
import hashlib
import random
import socket
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

from aiohttp import web

BASE = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
LAST_MODIFIED = "Fri, 20 Nov 2026 09:00:00 GMT"


def rss(n: int = 7, *, prefix: str = "item", title: str = "NICE guidance updates",
        site: str = "https://www.nice.org.uk", guid: bool = True, start: int = 0) -> bytes:
    items = []
    for i in range(start, start + n):
        when = format_datetime(BASE + timedelta(hours=i), usegmt=True)
        items.append(
            f"<item><title>{prefix} {i}: Falls in older people</title>"
            f"<link>{site}/{prefix}/{i}</link>"
            f"<description>&lt;p&gt;Summary of {prefix} {i}.&lt;/p&gt;</description>"
            + (f"<guid isPermaLink=\"false\">{site}/{prefix}/{i}</guid>" if guid else "")
            + f"<pubDate>{when}</pubDate></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>{site}</link><description>x</description>"
            + "".join(items) + "</channel></rss>").encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Cochrane Library: new reviews</title>
<id>urn:uuid:feed-1</id><updated>2026-11-22T10:00:00Z</updated>
<entry><title>Exercise for preventing falls</title><id>urn:uuid:entry-1</id>
<link href="https://www.cochranelibrary.com/cdsr/1"/><updated>2026-11-22T10:00:00Z</updated>
<summary type="html">&lt;b&gt;Bold&lt;/b&gt; finding</summary></entry>
<entry><title type="html">Vitamin D &lt;i&gt;and&lt;/i&gt; falls</title>
<id>urn:uuid:entry-2</id><link href="/cdsr/2"/><updated>2026-11-21T10:00:00Z</updated>
<content type="html">&lt;p&gt;See &lt;a href="https://doi.org/10.1002/x"&gt;the review&lt;/a&gt;&lt;/p&gt;</content></entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://journal.example/rss"><title>BMJ Quality &amp; Safety</title>
<link>https://journal.example/</link><description>d</description>
<items><rdf:Seq><rdf:li rdf:resource="https://journal.example/a1"/></rdf:Seq></items></channel>
<item rdf:about="https://journal.example/a1"><title>Handover errors on wards</title>
<link>https://journal.example/a1</link><dc:date>2026-11-19T08:00:00Z</dc:date></item>
<item rdf:about="https://journal.example/a2"><title>Discharge delays</title>
<link>https://journal.example/a2</link><dc:date>2026-11-18T08:00:00Z</dc:date></item>
</rdf:RDF>"""

NO_IDS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>No ids</title>
<item><title>Only a link</title><link>https://news.example/only-link</link>
<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>Neither id nor link</title><pubDate>Mon, 23 Nov 2026 11:00:00 GMT</pubDate></item>
<item><title>Neither id nor link</title><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate></item>
</channel></rss>"""

NO_DATES = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>No dates</title>
<item><title>Undated one</title><link>https://news.example/u1</link><guid>u1</guid></item>
<item><title>Undated two</title><link>https://news.example/u2</link><guid>u2</guid></item>
</channel></rss>"""

LONG_TITLE = ("A very long title about the management of chronic obstructive pulmonary disease "
              * 6).strip()
HOSTILE = f"""<?xml version="1.0"?><rss version="2.0"><channel>
<title>&lt;b&gt;Hostile&lt;/b&gt; &lt;!channel&gt; feed</title>
<item><title>&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; &lt;!channel&gt; &lt;!here&gt; @here @channel &lt;@U0ADMIN&gt;</title>
<link>javascript:alert(1)</link><guid>h1</guid>
<description>&lt;p&gt;Read &lt;a href="javascript:alert(1)"&gt;this&lt;/a&gt;, &lt;a href="data:text/html;base64,PHNjcmlwdD4="&gt;that&lt;/a&gt; and &lt;a href="https://safe.example/x"&gt;the real one&lt;/a&gt;. &amp;lt;https://evil.example|nice.org.uk&amp;gt; &amp;lt;at&amp;gt;Bob&amp;lt;/at&amp;gt; [safe](https://evil.example)&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;</description>
<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>{LONG_TITLE}</title><link>https://safe.example/long</link><guid>h2</guid>
<description>{"word " * 400}</description></item>
<item><title>Data link</title><link>data:text/html,hi</link><guid>h3</guid></item>
</channel></rss>""".encode()

EMPTY = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet feed</title>
<link>https://quiet.example/</link><description>d</description></channel></rss>"""

PAGE = b"<!doctype html><html><head><title>Our news</title></head><body><p>Hi</p></body></html>"
GARBAGE = bytes(range(256)) * 40


class FeedServer:
    def __init__(self, latency: float | tuple[float, float] = 0.0) -> None:
        self.latency = latency          # seconds before answering: fixed, or (least, most)
        self.hits: dict[str, int] = {}
        self.not_modified: dict[str, int] = {}
        self.feeds: dict[str, bytes] = {}
        self.fail: dict[str, int] = {}
        self.port = 0
        self.ipv6 = False
        self._runner: web.AppRunner | None = None
        self.app = web.Application()
        self.app.router.add_route("GET", "/{path:.*}", self._serve)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    async def start(self) -> "FeedServer":
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        try:
            await web.TCPSite(self._runner, "::1", self.port).start()
            self.ipv6 = True
        except OSError:
            self.ipv6 = False
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # -- serving --------------------------------------------------------------------------
    def _conditional(self, request: web.Request, path: str, body: bytes,
                     last_modified: str | None = None) -> web.StreamResponse:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag or (
                last_modified and request.headers.get("If-Modified-Since") == last_modified):
            self.not_modified[path] = self.not_modified.get(path, 0) + 1
            return web.Response(status=304, headers={"ETag": etag})
        headers = {"ETag": etag, "Content-Type": "application/rss+xml"}
        if last_modified:
            headers["Last-Modified"] = last_modified
        return web.Response(body=body, headers=headers)

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        if path == "/_stats":          # for a benchmark running the server in another process
            return web.json_response({"hits": self.hits, "not_modified": self.not_modified})
        self.hits[path] = self.hits.get(path, 0) + 1
        if self.latency:
            await asyncio.sleep(random.uniform(*self.latency)
                                if isinstance(self.latency, tuple) else self.latency)
        if path in self.fail:
            return web.Response(status=self.fail[path], text="Internal Server Error")
        if path in self.feeds:
            return self._conditional(request, path, self.feeds[path])
        fixed = {"/rss": rss(), "/atom": ATOM, "/rdf": RDF, "/noids": NO_IDS,
                 "/nodates": NO_DATES, "/hostile": HOSTILE, "/empty": EMPTY}
        if path in fixed:
            return self._conditional(request, path, fixed[path],
                                     LAST_MODIFIED if path == "/rss" else None)
        if path == "/lastmod":          # Last-Modified only, no ETag
            if request.headers.get("If-Modified-Since") == LAST_MODIFIED:
                self.not_modified[path] = self.not_modified.get(path, 0) + 1
                return web.Response(status=304)
            return web.Response(body=rss(3), headers={"Last-Modified": LAST_MODIFIED})
        if path == "/page":
            return web.Response(body=PAGE, content_type="text/html")
        if path == "/garbage":
            return web.Response(body=GARBAGE, content_type="application/octet-stream")
        if path == "/error":
            return web.Response(status=500, text="Internal Server Error")
        if path == "/gone":
            return web.Response(status=404, text="Not Found")
        if path == "/huge":
            return web.Response(body=b"<rss>" + b" " * (6 * 1024 * 1024))
        if path == "/huge-chunked":
            return await self._stream(request, b"x" * 65536, 200, 0)
        if path == "/slow":
            return await self._stream(request, b"<rss version='2.0'>", 50, 1.0)
        if path == "/loop":
            raise web.HTTPFound("/loop-b")
        if path == "/loop-b":
            raise web.HTTPFound("/loop")
        if path.startswith("/redirects/"):
            n = int(path.rsplit("/", 1)[1])
            raise web.HTTPFound(f"/redirects/{n - 1}" if n > 1 else "/rss")
        if path == "/to-loopback":
            raise web.HTTPFound(self.url("/rss"))
        if path == "/to-localhost":
            raise web.HTTPFound(self.url("/rss", "localhost"))
        return web.Response(status=404, text="Not Found")

    async def _stream(self, request, chunk: bytes, times: int, pause: float):
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        try:
            for _ in range(times):
                await response.write(chunk)
                if pause:
                    await asyncio.sleep(pause)
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        return response


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False
