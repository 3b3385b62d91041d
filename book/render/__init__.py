"""Renderers: the model in, one output file (or folder) out."""
