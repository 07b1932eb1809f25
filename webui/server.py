"""The production server: gunicorn's arbiter with threaded (gthread) worker processes.

Processes, not only threads: one process reads its index one request at a time (`reads_index` in
archive/search.py), so only more processes search in parallel (waitress would give threads alone).

No preload: the master process never builds the app or opens the index. Each worker builds its own
app after the fork and opens its own Archive on its first request, because file handles inherited
across a fork share their offsets: two processes reading through one handle would read each
other's positions and get garbage. Each worker's Archive then opens the newest index generation
on the next request after a reindex, as a single process does.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

from archive.errors import ServeError

TIMEOUT = 120  # seconds a worker may go silent before the master replaces it (a 10,000-row export takes a few)
GRACEFUL_TIMEOUT = 10  # seconds that requests under way get to finish after SIGTERM or Ctrl-C
KEEPALIVE = 2  # seconds an idle kept-alive connection waits for its next request
ACCESS_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'  # address, request line, status, bytes, milliseconds


@dataclass(frozen=True)
class ServerOptions:
    """Where to listen and how many processes and threads answer."""

    host: str
    port: int
    workers: int  # 0: one per core
    threads: int
    access_log: bool = False

    def worker_count(self) -> int:
        """Return how many worker processes to start."""
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def address(self) -> str:
        """Return host:port as a URL and gunicorn's bind write it (an IPv6 host in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def start_line(self) -> str:
        """Return the line printed once the server listens."""
        workers = self.worker_count()
        return (
            f"Serving on http://{self.address()} with {workers} worker{'s' * (workers != 1)} "
            f"x {self.threads} thread{'s' * (self.threads != 1)} (Ctrl-C to stop)"
        )


class ArchiveServer(BaseApplication):
    """gunicorn embedded: its settings from ServerOptions, the app built in each worker after the fork."""

    def __init__(self, app_config: Mapping[str, Any], options: ServerOptions, announce: Callable[[str], None]) -> None:
        self.app_config = dict(app_config)
        self.options = options
        self.announce = announce
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.settings().items():
            self.cfg.set(name, value)

    def settings(self) -> dict[str, Any]:
        """Return gunicorn's settings for these options."""
        options = self.options
        return {
            "bind": [options.address()],
            "workers": options.worker_count(),
            "worker_class": "gthread",
            "threads": options.threads,
            "preload_app": False,  # see the module docstring: each worker opens its own index files
            "timeout": TIMEOUT,
            "graceful_timeout": GRACEFUL_TIMEOUT,
            "keepalive": KEEPALIVE,
            "accesslog": "-" if options.access_log else None,
            "access_log_format": ACCESS_FORMAT,
            "errorlog": "-",
            "loglevel": "warning",  # no banner per worker; failures still reach stderr
            "control_socket_disable": True,  # one socket per user by default: two servers would share it
            "proc_name": "archive serve",
            "when_ready": self.ready,
            "post_worker_init": graceful_on_interrupt,
        }

    def ready(self, arbiter: Any) -> None:
        """Print the start line once the socket listens (gunicorn's when_ready hook, in the master)."""
        self.announce(self.options.start_line())

    def run(self) -> None:
        """Run the master until SIGTERM or Ctrl-C."""
        GracefulArbiter(self).run()

    def load(self) -> Any:
        """Build the app; gunicorn calls this in each worker after the fork (no preload)."""
        from . import create_app

        return create_app(self.app_config)


class GracefulArbiter(Arbiter):
    """gunicorn's master, with Ctrl-C (SIGINT) stopping as gracefully as SIGTERM: requests under way finish.

    gunicorn's own master takes SIGINT as a quick stop that cuts them."""

    def handle_int(self) -> None:
        self.handle_term()


def graceful_on_interrupt(worker: Any) -> None:
    """Make a worker take SIGINT (a terminal's Ctrl-C reaches every process) as SIGTERM: finish, then exit."""
    signal.signal(signal.SIGINT, worker.handle_exit)


def check_address(options: ServerOptions) -> None:
    """Raise ServeError with the next step when the address cannot be listened on (gunicorn would retry
    five times, then print its own log lines)."""
    try:
        infos = socket.getaddrinfo(options.host, options.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"Cannot listen on {options.host}: {exc.strerror}. Give an address with --host.") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(
                    f"Port {options.port} on {options.host} is in use: stop what holds it or choose another --port."
                ) from None
            raise ServeError(f"Cannot listen on {options.address()}: {exc.strerror}.") from None


def serve(app_config: Mapping[str, Any], options: ServerOptions, announce: Callable[[str], None]) -> None:
    """Run the production server until SIGTERM or Ctrl-C, which stop it gracefully."""
    check_address(options)
    ArchiveServer(app_config, options, announce).run()
