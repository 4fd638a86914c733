"""The seed strategies' action lists, as CSV files shaped like the ``actions`` import template (package data):
one file per strategy, named by its id. README.md there says where each came from."""
