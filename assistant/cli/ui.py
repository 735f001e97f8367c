"""`cip-assistant ui`: the web UI on this machine. Gradio and the model load only when the command runs."""

from __future__ import annotations

import hmac
import ipaddress
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import click

PASSWORD_ENV = "CIP_ASSISTANT_UI_PASSWORD"


def parse_auth(value: str) -> tuple[str, str]:
    user, sep, password = value.partition(":")
    if not sep or not user.strip() or not password:
        raise click.BadParameter("give it as USER:PASSWORD, for example --auth team:correct-horse", param_hint="--auth")
    return user.strip(), password


def checker(user: str | None, password: str) -> Callable[[str, str], bool]:
    """A sign-in check in constant time; without a user name any name is accepted with the password."""

    def check(given_user: str, given_password: str) -> bool:
        ok_password = hmac.compare_digest(given_password.encode(), password.encode())
        ok_user = user is None or hmac.compare_digest(given_user.strip().encode(), user.encode())
        return ok_password and ok_user

    return check


def _password_setting(settings: Any) -> str | None:
    value = getattr(settings, "ui_password", None)
    if value is not None and hasattr(value, "get_secret_value"):
        value = value.get_secret_value()
    return str(value) if value else None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(ctx: click.Context | None, param: click.Parameter | None, value: str) -> str:
    """The address to listen on, without surrounding spaces; an empty one would listen everywhere, unguarded."""
    host = value.strip()
    if not host:
        raise click.BadParameter(
            "the address is empty; give one such as 127.0.0.1 (this computer only) or 0.0.0.0 (the network)",
            ctx=ctx,
            param=param,
        )
    return host


def _check_port(host: str, port: int) -> None:
    # Loading the model takes seconds; a busy port should fail before that, with the fix in the message.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the server itself does: a port left in TIME_WAIT by a stopped server is free to listen on.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise click.ClickException(
                f"Cannot listen on {host}:{port} ({exc.strerror or exc}); choose another port with --port."
            ) from exc


@click.command(name="ui")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    callback=check_host,
    help="address to listen on (0.0.0.0: the network)",
)
@click.option("--port", type=click.IntRange(1, 65535), default=7860, show_default=True, help="port to listen on")
@click.option(
    "--auth", metavar="USER:PASSWORD", help=f"require this sign-in (or set {PASSWORD_ENV} for a password alone)"
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="a host name a proxy in front forwards to a loopback server (repeatable); others are refused",
)
def ui(host: str, port: int, auth: str | None, allow_hosts: tuple[str, ...]) -> None:
    """Open the web UI: plan with the guiding questions, ask, export and add documents, in a browser."""
    from assistant.config import get_settings

    settings = get_settings()
    if auth:
        user, password = parse_auth(auth)
        check: Callable[[str, str], bool] | None = checker(user, password)
    else:
        secret = _password_setting(settings)
        check = checker(None, secret) if secret else None
    if not _is_loopback(host) and check is None:
        click.echo(
            f"Warning: serving on {host} without a password; anyone who can reach this machine can open the plans. "
            f"Use --auth USER:PASSWORD or set {PASSWORD_ENV}.",
            err=True,
        )
    _check_port(host, port)
    from assistant.cli.plans import warn_school_calendar

    warn_school_calendar()
    click.echo("Loading the knowledge base…", err=True)
    from ui.state import keep_gradio_cache_in_home

    # Before Gradio is imported (some of its modules read the setting then): uploads and served files stay in the
    # home, where deleting a plan can find them, rather than in a /tmp folder every user of the machine shares.
    keep_gradio_cache_in_home(settings)
    from ui.app import launch

    serving = threading.Event()

    def ready() -> None:
        # A small index loads before the server listens; "Ready" promises both, so it waits for the server.
        serving.wait()
        click.echo("Ready: the knowledge base and its model are loaded.", err=True)

    demo = launch(host, port, check, settings, block=False, on_ready=ready, allow_hosts=allow_hosts)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"CIP Assistant is running at http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
    sys.stderr.flush()
    serving.set()
    try:
        while demo.is_running:
            time.sleep(0.2)
    except KeyboardInterrupt:
        click.echo("Stopping the web UI; every turn is saved.", err=True)
    finally:
        demo.close()
