"""Every model of marriage registration, defined in its sub-domain's ``models.py`` and imported here
so that the app label (``marriage``) holds them all."""
