"""The ``scheduler=`` option shared by the modules that can run on a Dask cluster.

One meaning everywhere (:func:`govstudy.corpus.extract_corpus`,
:func:`govstudy.uncertainty.uncertainty_analysis`, ...): ``None`` runs here,
in this process (or its local pool); a scheduler address such as
``"tcp://10.0.0.5:8786"`` or a ``distributed.Client`` runs the work on that
cluster. Dask is optional (``pip install 'govstudy[cluster]'``): it is
imported only when a cluster is asked for. Bottom layer: imports only the
standard library (and ``distributed``, lazily).
"""

from __future__ import annotations

import collections
from typing import Any, Callable, Iterable, Iterator

__all__ = ["check_scheduler", "get_client", "nthreads", "ordered"]

_INSTALL = "pip install 'govstudy[cluster]'"


def _client_class(caller: str):
    try:
        from distributed import Client
    except ImportError:
        raise ImportError(f"{caller}: scheduler= needs Dask's distributed scheduler: {_INSTALL}") from None
    return Client


def check_scheduler(scheduler, caller: str) -> None:
    """Raise at once for a ``scheduler`` that cannot be used (before any long work).

    Parameters
    ----------
    scheduler : None, str or distributed.Client
    caller : str
        Named in the messages.

    Raises
    ------
    TypeError
        If ``scheduler`` is of another type.
    ValueError
        If it is an empty string.
    ImportError
        If a cluster is asked for and ``distributed`` is not installed.

    Examples
    --------
    >>> check_scheduler(None, "f")
    >>> check_scheduler(8786, "f")
    Traceback (most recent call last):
    ...
    TypeError: f: scheduler must be None (run in this process), a Dask scheduler address such as 'tcp://host:8786' or a distributed.Client; got int
    """
    if scheduler is None:
        return
    if isinstance(scheduler, str):
        if not scheduler.strip():
            raise ValueError(f"{caller}: scheduler is an empty address; give e.g. 'tcp://host:8786' or None")
        _client_class(caller)
        return
    try:
        from distributed import Client
    except ImportError:
        Client = None  # then it cannot be a Client either
    if Client is None or not isinstance(scheduler, Client):
        hint = ""
        if hasattr(scheduler, "scheduler_address"):
            hint = " (for a cluster object, pass cluster.scheduler_address or distributed.Client(cluster))"
        raise TypeError(f"{caller}: scheduler must be None (run in this process), a Dask scheduler address such "
                        f"as 'tcp://host:8786' or a distributed.Client; got {type(scheduler).__name__}{hint}")


def get_client(scheduler, caller: str) -> tuple[Any, bool]:
    """The client for ``scheduler`` (not None) and whether the caller owns it.

    A client passed in is used as it is and left open; an address gets a new
    client (not made the session's default) that the caller must close.
    """
    check_scheduler(scheduler, caller)
    Client = _client_class(caller)
    if isinstance(scheduler, Client):
        return scheduler, False
    return Client(scheduler, set_as_default=False), True


def nthreads(client) -> int:
    """Worker threads of the cluster now (at least 1)."""
    return max(1, sum(client.nthreads().values()))


def ordered(submit: Callable[[Any], Any], jobs: Iterable, window: int) -> Iterator:
    """Results of ``submit(job).result()`` in job order, at most ``window`` futures in flight.

    Works with any future that has ``.result()`` (Dask, ``concurrent.futures``).

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(2) as pool:
    ...     list(ordered(lambda j: pool.submit(pow, j, 2), range(5), window=2))
    [0, 1, 4, 9, 16]
    """
    pending: collections.deque = collections.deque()
    for job in jobs:
        pending.append(submit(job))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
