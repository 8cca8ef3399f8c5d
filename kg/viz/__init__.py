"""The interactive HTML explorer: one self-contained, offline, escaped HTML file."""
