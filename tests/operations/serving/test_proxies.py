"""The real client address: X-Forwarded-For believed only from a trusted proxy, read from the right."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from minzheng.operations.serving.middleware import RealClientAddressMiddleware
from minzheng.operations.serving.proxies import client_address, networks

TRUSTED = networks(["127.0.0.1", "10.0.0.0/8", "::1"])


def test_a_request_from_outside_the_proxies_is_its_own_address_whatever_it_forwards() -> None:
    assert client_address(peer="203.0.113.9", forwarded_for="198.51.100.1", trusted=TRUSTED) == "203.0.113.9"
    assert client_address(peer="203.0.113.9", forwarded_for="198.51.100.1", trusted=()) == "203.0.113.9"


def test_behind_a_proxy_the_client_is_the_rightmost_address_that_is_not_a_proxy() -> None:
    # The client forged the first entry; nginx appended the address it saw; a second proxy hop followed.
    chain = "1.2.3.4, 198.51.100.7, 10.1.2.3"
    assert client_address(peer="127.0.0.1", forwarded_for=chain, trusted=TRUSTED) == "198.51.100.7"
    assert client_address(peer="::1", forwarded_for="2001:db8::5", trusted=TRUSTED) == "2001:db8::5"


def test_behind_a_proxy_a_chain_of_proxies_only_ends_at_the_leftmost() -> None:
    assert client_address(peer="127.0.0.1", forwarded_for="10.0.0.5, 10.0.0.6", trusted=TRUSTED) == "10.0.0.5"
    assert client_address(peer="127.0.0.1", forwarded_for="", trusted=TRUSTED) == "127.0.0.1"


def test_something_that_is_not_an_address_stops_the_walk_at_the_last_proxy() -> None:
    assert client_address(peer="127.0.0.1", forwarded_for="198.51.100.7, unknown", trusted=TRUSTED) == "127.0.0.1"
    assert client_address(peer="127.0.0.1", forwarded_for="junk, 10.0.0.5", trusted=TRUSTED) == "10.0.0.5"


def test_a_network_with_host_bits_set_is_refused() -> None:
    with pytest.raises(ValueError):
        networks(["10.0.0.1/8"])


def _seen(request: HttpRequest) -> HttpResponse:
    response = HttpResponse()
    response["X-Seen"] = request.META["REMOTE_ADDR"]
    response["X-Secure"] = str(request.is_secure())
    response["X-Forwarded-Seen"] = request.META.get("HTTP_X_FORWARDED_FOR", "-")
    return response


@override_settings(MINZHENG_TRUSTED_PROXIES=("127.0.0.1",), SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_the_middleware_takes_the_client_and_https_from_a_trusted_proxy() -> None:
    middleware = RealClientAddressMiddleware(_seen)
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7",
                                   HTTP_X_FORWARDED_PROTO="https")
    response = middleware(request)
    assert (response["X-Seen"], response["X-Secure"]) == ("198.51.100.7", "True")


@override_settings(MINZHENG_TRUSTED_PROXIES=("127.0.0.1",), SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_the_middleware_drops_forwarding_headers_from_anybody_else() -> None:
    middleware = RealClientAddressMiddleware(_seen)
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7",
                                   HTTP_X_FORWARDED_PROTO="https")
    response = middleware(request)
    assert (response["X-Seen"], response["X-Secure"], response["X-Forwarded-Seen"]) == ("203.0.113.9", "False", "-")


@override_settings(MINZHENG_TRUSTED_PROXIES=())
def test_without_trusted_proxies_nobody_is_a_proxy_not_even_loopback() -> None:
    middleware = RealClientAddressMiddleware(_seen)
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert middleware(request)["X-Seen"] == "127.0.0.1"
