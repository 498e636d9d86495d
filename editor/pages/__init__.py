"""Every back-office page module; importing this package registers them all."""

from editor.pages import blocks, bundle_builder, guide, login, preview, worklist

ALL_PAGE_MODULES = (login, worklist, guide, preview, bundle_builder, blocks)
