import sys
from pathlib import Path

# The documented modules live beside this file.
sys.path.insert(0, str(Path(__file__).parent))

extensions = ["amgi_types.sphinxext"]
typeddict_type_aliases = {"Payload": "habits_annotations.Payload"}
