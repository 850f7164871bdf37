"""The people API: persons (``persons.py``) and households (``households.py``).

Output is always masked: ``id_number`` and ``phone`` carry the masked forms; the clear value
comes only from ``POST /api/people/{id}/reveal/``, which takes a permission and is logged.
"""
