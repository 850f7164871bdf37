"""Reference data of the places app, kept as code so it is versioned and reviewed."""
