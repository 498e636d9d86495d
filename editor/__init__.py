"""Editor back office (routes under /editor): staff log in with password + TOTP and work on
the service guide; `register` adds its pages to an app. Deployable apart from the citizen app."""

from editor.registry import register

__all__ = ["register"]
