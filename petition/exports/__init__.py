"""Signature exports: CSV, XLSX and JSON, streamed in constant memory.

By layer: columns.py (what a column is, how a row becomes cells), rows.py (which
signatures, read on one snapshot), writers.py (the file formats), copy.py (PostgreSQL
writes the file itself), run.py (one export and its audit log entry) and prepared.py
(exports prepared in the background). The decision to stream, refuse or queue an export
is in petition/export_services.py; docs/exports.md explains what is exported and why.
"""
