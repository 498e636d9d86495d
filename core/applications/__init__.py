"""Applications: drafts, one-form merge, materials, uploads, decisions,
submission, status."""
