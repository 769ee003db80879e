"""Turn extracted Chinese work reports into a static site in both scripts.

One module per step, each a pure function, in the order they run:
read -> decode -> normalise -> structure -> split -> tag -> figures -> compare -> render ->
script -> write. `pipeline.run_pipeline` chains them; the `reportsite` command (`cli.py`,
`commands/`) and the MkDocs plugins (`plugin.py`, `search/plugin.py`) call it.
"""
