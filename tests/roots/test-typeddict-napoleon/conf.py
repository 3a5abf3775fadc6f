import sys
from pathlib import Path

# The documented modules live beside this file.
sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinx.ext.napoleon", "amgi_types.sphinxext"]
typeddict_warn_undocumented = True
