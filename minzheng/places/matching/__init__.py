"""Address matching: free text to a standard address (see ``matcher`` for how, ``keys`` for the
lookup table it reads).

``match_address(text, region_code=None, scope=None, limit=5)`` is the function; the linking of
registry addresses, the API and the match-as-you-type page all call it. ``road_names_rebuild``
must run after roads or regions change, or the matcher will not know them.
"""

from minzheng.places.matching.keys import region_names_rebuild, road_names_rebuild
from minzheng.places.matching.matcher import (
           Candidate,
           MatchResult,
           address_match,
           match_address,
           region_prefix,
)

__all__ = ["Candidate", "MatchResult", "address_match", "match_address", "region_names_rebuild", "region_prefix",
           "road_names_rebuild"]
