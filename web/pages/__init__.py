"""Every PC web page module; importing this package registers them all."""

from web.pages import account, application, apply, bundle, department, home, item, life_event, login, search

ALL_PAGE_MODULES = (home, search, item, bundle, department, life_event, login, account, apply, application)
