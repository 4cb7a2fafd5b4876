"""Bulk import of records from a CSV or XLSX file (docs/import.md)."""
