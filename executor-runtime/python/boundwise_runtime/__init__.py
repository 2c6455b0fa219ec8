"""boundwise's executor runtime: the profiler bootstrap (bootstrap.py) and the replay engine
(replay.py). Loaded by `boundwise profile`; nothing here is meant to be imported by programs."""
