"""Self-service kiosk channel (Reflex pages under /kiosk) and its device agent."""
