"""Mobile mini-app JSON API (FastAPI): the whole citizen service over JSON; imports core only.

`create_app()` builds it; the composition root mounts it at `PREFIX` (/api/mobile/v1)."""

from mobile_api.app import PREFIX, create_app, create_standalone_app, mount_mobile_api

__all__ = ["PREFIX", "create_app", "create_standalone_app", "mount_mobile_api"]
