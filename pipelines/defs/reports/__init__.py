"""The LKj of every office-year as a Dagster asset of the nightly refresh (``assets``).

What the reports are made of lives in :mod:`pipelines.lkj`, which has no Dagster.
"""
