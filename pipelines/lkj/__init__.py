"""The LKj of every office and year, generated from the published warehouse.

``lkj_data`` reads the marts of one office-year; ``lkj_tables`` lays them out
as the LKj's tables (Tabel 5, 6, 7-23, 24, 25, Lampiran II and III, and the
data findings); ``lkj_workbook`` writes them as XLSX and ``lkj_html`` as a
self-contained HTML page with inline SVG charts (``svg``); ``analysis``
drafts the sentences of Bab III from the same figures (Jinja2 templates of
``templates/analysis/``); ``lkj_docx`` writes the whole LKj as a Word
document for the office to complete (its template: ``docx_template``). No
Dagster here: ``pipelines/defs/reports/assets.py`` makes the files an asset of
the nightly refresh, and ``bi/`` and ``bench/`` import this package directly.
"""
