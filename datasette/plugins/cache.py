"""Answers served again from memory: the database is immutable while it is served, so the same request gets the
same bytes. A rebuild replaces the file, and the server is restarted to serve it (`make serve` builds, then
serves; Datasette holds the old file open); the file's inode and mtime are part of the key all the same, so that
no answer is ever filed under a file it was not read from in a fresh process. Under load this is what keeps the
heavy pages (an entity with thousands of mentions, the timeline, the conflicts) from taking the server's time
once per visitor.

Only what is the same for everyone is kept: GET requests without cookies or credentials, 200 answers without
Set-Cookie, up to ENTRY_BYTES each and TOTAL_BYTES together (least recently used go first). The wrapper is the
outermost, so that what is kept is the whole answer, security headers included."""

import collections
import os

from datasette import hookimpl

from reformkb.web import NAME

ENTRY_BYTES = 4_000_000
TOTAL_BYTES = 96_000_000
PRIVATE = (b"cookie", b"authorization")


class ResponseCache:
    def __init__(self, total=TOTAL_BYTES, entry=ENTRY_BYTES):
        self.total, self.entry = total, entry
        self.answers = collections.OrderedDict()  # key → (start message, body)
        self.size = 0

    def clear(self):
        self.answers.clear()
        self.size = 0

    def get(self, key):
        answer = self.answers.get(key)
        if answer is not None:
            self.answers.move_to_end(key)
        return answer

    def put(self, key, start, body):
        if len(body) > self.entry or key in self.answers:
            return
        self.answers[key] = (start, body)
        self.size += len(body)
        while self.size > self.total:
            _, (_, dropped) = self.answers.popitem(last=False)
            self.size -= len(dropped)


def cache_key(scope, stamp):
    headers = dict(scope.get("headers") or [])
    if scope["type"] != "http" or scope.get("method") != "GET" or any(h in headers for h in PRIVATE):
        return None
    return (stamp, scope.get("raw_path") or scope.get("path", "").encode(), scope.get("query_string", b""),
            headers.get(b"host", b""))


def database_stamp(datasette):
    """What changes when the served file is replaced: its inode and modification time."""
    database = datasette.databases.get(NAME)
    if database is None or database.path is None:
        return None
    try:
        info = os.stat(database.path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns)


@hookimpl(trylast=True)  # the last wrapper applied is the outermost
def asgi_wrapper(datasette):
    cache = datasette.response_cache = ResponseCache()  # on the instance, for the tests to look into

    def wrap(app):
        async def cached(scope, receive, send):
            stamp = database_stamp(datasette) if scope["type"] == "http" else None
            key = cache_key(scope, stamp) if stamp else None
            if key is None:
                return await app(scope, receive, send)
            answer = cache.get(key)
            if answer is not None:
                start, body = answer
                await send(start)
                return await send({"type": "http.response.body", "body": body})
            start, parts, size, keep = None, [], 0, True

            async def send_and_keep(message):
                nonlocal start, size, keep
                if message["type"] == "http.response.start":
                    start = message
                    names = {name.lower() for name, _ in message.get("headers", [])}
                    keep = message["status"] == 200 and b"set-cookie" not in names
                elif message["type"] == "http.response.body" and keep:
                    parts.append(message.get("body", b""))
                    size += len(parts[-1])
                    if size > cache.entry:
                        keep, parts[:] = False, []
                    elif not message.get("more_body"):
                        cache.put(key, start, b"".join(parts))
                await send(message)

            return await app(scope, receive, send_and_keep)

        return cached

    return wrap
