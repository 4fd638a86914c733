"""Seed strategies as YAML (package data), one file per strategy; the file name is the strategy id."""
