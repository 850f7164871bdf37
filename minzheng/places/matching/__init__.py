"""Address matching: free text to a standard address (see ``matcher`` for how, ``keys`` for the
lookup table it reads).

``match_address(text, region_code=None, scope=None, limit=5)`` is the function; the API and the
match-as-you-type page call it. Bulk work (linking the registry) should call
``match_addresses(texts, ...)``: the same answers, with far fewer queries. ``road_names_rebuild``
must run after roads change, or the matcher will not know them.

A text that fits several addresses equally well gets no ``best``: the result is ``ambiguous``,
and when the tie lies between regions (雉州路8号 in two communities) ``tied_regions`` names them,
so that the caller can match again with ``region_code`` set to one of them.
"""

from minzheng.places.matching.keys import region_names_rebuild, road_names_rebuild
from minzheng.places.matching.matcher import (
    Candidate,
    MatchResult,
    TiedRegion,
    address_match,
    match_address,
    match_addresses,
    region_prefix,
)

__all__ = ["Candidate", "MatchResult", "TiedRegion", "address_match", "match_address", "match_addresses", "region_names_rebuild",
           "region_prefix", "road_names_rebuild"]
