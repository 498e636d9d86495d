"""Service guide: the catalogue of items, scenarios, materials and bundles, its storage,
search that understands residents, and scan-to-apply codes."""
