"""The demo delivery plugin: keeps deliveries in memory, the worked example for new plugins."""
