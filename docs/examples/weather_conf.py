"""The conf.py lines that make autodoc render TypedDicts with amgi_types.sphinxext."""

extensions = [
    # Loads sphinx.ext.autodoc and amgi_types.sphinxext.
    "amgi_types.sphinxext.autodoc",
    # Optional: Google and NumPy docstrings, for TypedDicts too.
    "sphinx.ext.napoleon",
]
