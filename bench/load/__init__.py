"""The load bench's clients (a browser tab over the Reflex websocket, a phone on the mobile API,
kiosks posting signed scans) and the scale-out stack they drive."""
