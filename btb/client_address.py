"""The address of the client a request comes from, for rate limits and the sign-in lockout.

Behind the TLS proxy every request arrives from the proxy's address; the proxy appends the address it was
reached from to ``X-Forwarded-For``. Only the entries our own proxies wrote can be trusted (anything to their left
is whatever the client sent), so with ``PROXY_COUNT`` proxies in front of the app the client is the entry that many
places from the right. With ``PROXY_COUNT = 0`` (the app faces the clients itself) the header is ignored.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        # Not through every proxy of ours (e.g. a health check from inside): only the socket's address is known.
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
