"""Mobile mini-app JSON API (FastAPI): the whole citizen service over JSON; imports core only."""
