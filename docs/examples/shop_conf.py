"""The conf.py lines a project adds to render its TypedDicts."""

extensions = [
    "amgi_types.sphinxext",
    # Optional: links the Python types shown in each entry to docs.python.org.
    "sphinx.ext.intersphinx",
]
intersphinx_mapping = {"python": ("https://docs.python.org/3", None)}
