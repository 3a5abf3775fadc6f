import sys
from pathlib import Path

# The documented modules live beside this file.
sys.path.insert(0, str(Path(__file__).parent))

extensions = ["amgi_types.sphinxext"]

# Every key of these TypedDicts must have a description.
typeddict_warn_undocumented = True
