"""PC web channel: one module per page, each with its own small State; `register` adds
them all to an app."""

from web.registry import register

__all__ = ["register"]
