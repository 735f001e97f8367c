"""Sources → passages: parsing the bundled documents and a district's own, and the curated data."""
