"""REFI-QDA projects (.qdpx): a zip holding project.qde (QDA-XML) and a sources folder.

`export_qdpx` writes one from a project; `read_qdpx` reads one (from Habitus or another
QDA tool) safely into plain values; `import_qdpx` maps those into a project.
"""
