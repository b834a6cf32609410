"""The geodata build, one module per source (entry point: scripts/build_geodata.py)."""
