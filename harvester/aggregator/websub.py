"""WebSub (W3C Recommendation, formerly PubSubHubbub): the feeds name the configured hub
(``rel="hub"``), and a publication that changed feeds tells the hub which, so that subscribed
readers get the new entries within seconds instead of at their next poll.

The publish notification is not part of the W3C text; every hub in use (Google's, Superfeedr,
WebSub.rocks, WordPress' plugin) takes the PubSubHubbub 0.4 form: a form-encoded POST with
``hub.mode=publish`` and one ``hub.url`` per changed topic."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Sequence
from urllib.parse import urlencode

from harvester import __version__

TIMEOUT = 10.0


def notify_hub(hub: str, topics: Sequence[str], timeout: float = TIMEOUT) -> str | None:
    """Tell the hub the topics (feed URLs) changed; None when it accepted (2xx), else what
    went wrong, in one line."""
    if not topics:
        return None
    body = urlencode([("hub.mode", "publish"), *(("hub.url", topic) for topic in topics)])
    request = urllib.request.Request(
        hub, data=body.encode("ascii"), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "User-Agent": f"ESS-Harvester/{__version__} (WebSub publisher)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status = answer.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"hub {hub} unreachable ({reason})"
    return None if 200 <= status < 300 else f"hub {hub} answered HTTP {status}"
