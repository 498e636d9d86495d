"""Composition root: the Reflex app that serves every channel, the CLI, and service wiring."""
