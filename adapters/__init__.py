"""Adapters: translate between a platform and the core's vocabulary, and nothing more."""
