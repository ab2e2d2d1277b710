"""A stand-in for the upstream catalogues: a folder served over HTTP on 127.0.0.1, on a free port."""

import contextlib
import functools
import http.server
import threading
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output is not the place for an access log
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Yield the base URL (no trailing slash) under which `folder`'s files are served."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
