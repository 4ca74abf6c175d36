"""Renderers: a Report as terminal text (rich), JSON, or a self-contained HTML page."""
