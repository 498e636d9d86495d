"""One router per resource of the mobile API."""
