"""A step stopped by an operator's mistake fails with the sentence the operator reads.

A missing raw directory or feed folder, a mass removal, a refused pseudonym
key, a report that cannot be written: each is raised by ``pipelines.lib`` as
an error of its own, whose message names the path or setting and what to do.
In Dagster's UI a run that failed on one is headed by that sentence, in
Bahasa Indonesia, as a :class:`dagster.Failure` (its description; the
English beside it in the metadata, which the command line reads in the
language it speaks), not by a stack trace.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

from pipelines.lib import messages
from pipelines.lib.errors import FeedFileError
from pipelines.lib.lake import LakeError
from pipelines.lib.pseudonym import PseudonymKeyError
from pipelines.lib.removals import RawDirectoryError, RemovalRefused
from pipelines.lkj.render import ReportError

OPERATOR_ERRORS = (
    FeedFileError,
    RawDirectoryError,
    RemovalRefused,
    PseudonymKeyError,
    ReportError,
    LakeError,
)


def operator_failure(error: Exception) -> dg.Failure:
    """The failure that says ``error`` to the operator, in both languages."""
    pesan = messages.error_text(error, "id")
    metadata = {"pesan": pesan, "message": messages.error_text(error, "en")}
    if isinstance(error, FeedFileError):
        metadata["aturan"] = error.rule
    return dg.Failure(description=pesan, metadata=metadata, allow_retries=False)


@contextmanager
def told_to_the_operator() -> Iterator[None]:
    """Turn an operator's mistake raised inside into the step's :func:`operator_failure`."""
    try:
        yield
    except OPERATOR_ERRORS as error:
        raise operator_failure(error) from None
