"""A sitecustomize that claims every sys.monitoring tool id before boundwise's bootstrap runs
(boundwise's own sitecustomize runs the next one on sys.path first)."""
import sys

if hasattr(sys, "monitoring"):
    for tool in range(6):
        try:
            sys.monitoring.use_tool_id(tool, "somebody else")
        except ValueError:
            pass
