"""迁入申请 (move-in request): an officer asks to move a resident who is registered elsewhere in
the city into their own region; the officer of the resident's current region accepts or refuses.

The requester never sees the resident's record before acceptance: they know the ID number they
typed, and the answer. Every step is audited, on the side that took it.
"""
