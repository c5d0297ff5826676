"""URL hygiene: tracking parameters, same-site checks, and the stable article id."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from w3lib.url import safe_url_string

TRACKING_PARAMETERS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|xtor|at_medium|at_campaign"
    r"|phpsessid|sid|jsessionid|var_mode|var_recherche|var_ajax|var_hasard|recalcul)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=1 << 16)
def clean_url(url: str) -> str:
    """The URL without fragment, tracking or session parameters, with a normalized host.

    Parameter order and SPIP's valueless parameters (``spip.php?article12``) are kept.
    """
    parts = urlsplit(safe_url_string(url.strip()))
    kept = [
        piece for piece in parts.query.split("&")
        if piece and not TRACKING_PARAMETERS.match(piece.split("=", 1)[0])
    ]
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", "&".join(kept), ""))


@lru_cache(maxsize=1 << 16)
def site_key(url: str) -> str:
    """Host and port, without a leading www.: two URLs with the same key are one site."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port if parts.port and parts.port != DEFAULT_PORTS.get(parts.scheme) else None
    return f"{host}:{port}" if port else host


def same_site(url: str, other: str) -> bool:
    return site_key(url) == site_key(other)


def article_id(url: str) -> str:
    """Stable id of an article: the same for http/https and with or without www."""
    parts = urlsplit(clean_url(url))
    query = "&".join(sorted(f"{k}={v}" for k, v in parse_qsl(parts.query, keep_blank_values=True)))
    key = f"{site_key(url)}{parts.path}?{query}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
