"""A page's site, read from its URL: one rule for ingestion, the scan and the copy decision."""

from __future__ import annotations

from urllib.parse import urlsplit

# Prefixes one site serves the same pages under.
_SAME_SITE_PREFIXES = ("www.", "m.", "mobile.", "amp.")


def host_of(url: str | None) -> str | None:
    """The lower-cased host of ``url`` without "www." (None when it has none)."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:  # a malformed URL (an unclosed IPv6 bracket) names no site
        return None
    return host.removeprefix("www.") or None if host else None


def same_site(a: str | None, b: str | None) -> bool:
    """Whether two URLs are pages of one site: the same host, or one a subdomain of the other
    ("edition.cnn.com" and "cnn.com"). Sibling subdomains of a hosting service
    ("a.blogspot.com", "b.blogspot.com") are different sites; an unknown URL is no site."""
    ha, hb = _bare(host_of(a)), _bare(host_of(b))
    if not ha or not hb:
        return False
    return ha == hb or ha.endswith("." + hb) or hb.endswith("." + ha)


def _bare(host: str | None) -> str | None:
    if host is None:
        return None
    for prefix in _SAME_SITE_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix) :]
    return host


__all__ = ["host_of", "same_site"]
