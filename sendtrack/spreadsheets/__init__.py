"""Spreadsheet import and export of projects, milestones, risks and KPI figures.

One workbook shape serves the template, the export and the import, so that exporting and
importing again changes nothing. ``layout`` says which sheets and columns there are, ``cells``
reads one cell, ``reading`` turns XLSX or CSV files into rows, ``importer`` checks and writes
them through the apps' services in one transaction, and ``writing`` builds the template and the
export.
"""
