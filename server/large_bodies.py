"""Large answers handed to the WSGI server as a file, so it sends them without copying them.

Waitress copies a body it is given as bytes into its output buffer, and a buffer over
``outbuf_overflow`` (1 MB) goes to a temporary file on disk: a 170 MB dump at a million triples
was written to disk and read back on every request. A body given through ``wsgi.file_wrapper``
is sent from the file object as it is. The hook runs after every other after-request hook (it
is registered first, and Flask runs them last registered first), so what it hands over is the
final body: gzip-encoded, cut to a Range, with its headers set.
"""

from __future__ import annotations

import io

from flask import Flask, Response, request

LARGE = 1 << 20  # waitress' outbuf_overflow: bodies above it would be spooled to disk
BLOCK = 1 << 18


def init_app(app: Flask) -> None:
    app.after_request(hand_over_large_body)


def hand_over_large_body(response: Response) -> Response:
    wrapper = request.environ.get("wsgi.file_wrapper")
    if wrapper is None or response.direct_passthrough or response.is_streamed:
        return response
    body = response.get_data()
    if len(body) <= LARGE or request.method == "HEAD":
        return response
    response.response = wrapper(io.BytesIO(body), BLOCK)
    response.direct_passthrough = True  # werkzeug hands the wrapper to the server as it is
    response.content_length = len(body)
    return response
