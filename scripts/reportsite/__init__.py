"""Text pipeline that turns extracted Chinese work reports into Markdown pages.

One module per step, each a pure function, in the order they run:
read -> decode -> normalise -> structure -> split -> tag -> script -> write.
`pipeline.run_pipeline` chains them; `scripts/convert.py` and the MkDocs hooks call it.
"""
