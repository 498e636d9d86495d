"""Identity across channels: ID numbers, citizen login and sessions, e-ID and handoff codes,
staff accounts, terminal credentials."""
