"""Clustered responses: per-cluster cross-products of category totals, counted in one pass.

With clusters c (respondents, accounts, stores) and A_cj the (weighted) number
of responses of cluster c in category j (detractors, passives, promoters), the
linearisation variance of the NPS (Binder 1983; R ``survey::svymean`` with
``ids = ~cluster``) is

    var = m / (m - 1) * sum_c E_c^2,   E_c = sum_j A_cj (y_j - NPS) / W,

a quadratic form in the 3x3 matrix ``P = sum_c A_c A_c'`` (``cross_products``)
with m the number of clusters. ``P`` and m add up over partitions of the data
that do not split a cluster, so clustered counts stay mergeable with ``+``.

Everything here is one sort or bincount over the responses; no loop over rows
or clusters.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._input._validate import check_same_length
from ..errors import InvalidTypeError
from ..typing import FloatArray, IntArray

#: Integer codes of any width (categories are int8, group codes intp).
Codes = NDArray[np.integer[Any]]

__all__ = [
    "Codes",
    "cluster_codes",
    "cluster_cross_products",
    "linearisation_variance",
    "spell_cross_products",
]

_Y = np.array([-1.0, 0.0, 1.0])


def cluster_codes(clusters: Any, length: int) -> tuple[IntArray, int]:
    """Codes 0..m-1 of the cluster ids (one per response) and m, the number of clusters.

    A missing id (None, NaN, ``pd.NA``) makes that response a cluster of its own.
    """
    try:
        from .._input._labels import factorize  # on first use: keeps `import netpromoter` light

        found = factorize(clusters, compress=False)  # the labels themselves are never needed
    except InvalidTypeError as error:  # the labels' own wording names groups
        raise InvalidTypeError(f"clusters: {error}".replace("group label", "cluster id")) from None
    check_same_length(length, found.codes.shape[0], "scores", "clusters")
    codes = np.asarray(found.codes, dtype=np.intp)
    m = len(found.labels)
    if found.may_be_unused:  # an integer range or categories: only the ids that occur are clusters
        present = np.bincount(codes[codes >= 0], minlength=m) > 0
        remap = np.cumsum(present) - 1
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
        m = int(np.count_nonzero(present))
    lonely = codes < 0
    count = int(np.count_nonzero(lonely))
    if count:
        codes = codes.copy()
        codes[lonely] = m + np.arange(count, dtype=np.intp)
        m += count
    return codes, m


def cluster_cross_products(
    codes: Codes, m: int, index: Codes, weights: FloatArray, *, columns: int = 3
) -> FloatArray:
    """``sum_c A_c A_c'`` (3x3) from each response's cluster code, category index and weight.

    Responses to leave out (a missing score) are given weight 0. ``columns``:
    how many categories ``index`` runs over (the K values of a rating scale
    give K x K).
    """
    totals = np.bincount(
        codes.astype(np.intp) * columns + index, weights=weights, minlength=columns * m
    ).reshape(m, columns)
    products: FloatArray = totals.T @ totals
    return products


def group_cross_products(
    codes: Codes, groups: Codes, index: Codes, weights: FloatArray, size: int, *, columns: int = 3
) -> tuple[FloatArray, IntArray]:
    """Per-group cross-products ``sum_c A_gc A_gc'`` (size, 3, 3) and clusters per group.

    One ``np.unique`` of the (cluster, group) pairs, one bincount of their
    category totals, and one bincount of the pairs' outer products by group.
    A response with weight 0 (a missing score) makes its cluster present in
    the group without adding to the products.
    """
    if codes.shape[0] == 0:
        return np.zeros((size, columns, columns)), np.zeros(size, dtype=np.intp)
    key = codes.astype(np.int64) * size + groups
    pairs, inverse = np.unique(key, return_inverse=True)
    inverse = inverse.reshape(-1)
    summed = np.bincount(inverse * columns + index, weights=weights, minlength=columns * pairs.shape[0])
    totals: FloatArray = summed.astype(np.float64, copy=False).reshape(-1, columns)
    group = (pairs % size).astype(np.intp)
    return _by_slot(totals, group, size), np.bincount(group, minlength=size)


def _by_slot(totals: FloatArray, slot: IntArray, size: int) -> FloatArray:
    """Sum of the outer products of the rows of ``totals`` (r, K) by slot: (size, K, K).

    K (K + 1) / 2 bincounts (the matrix is symmetric; six for K = 3), each over the r rows.
    """
    columns = totals.shape[1]
    products = np.zeros((size, columns, columns))
    for a, b in zip(*np.triu_indices(columns), strict=True):  # matrix entries, not rows
        cell = np.bincount(slot, weights=totals[:, a] * totals[:, b], minlength=size)[:size]
        products[:, a, b] = cell
        products[:, b, a] = cell
    return products


def spell_cross_products(
    codes: Codes,
    start: Codes,
    stop: Codes,
    index: Codes,
    weights: FloatArray,
    size: int,
    *,
    columns: int = 3,
) -> tuple[FloatArray, IntArray]:
    """Per-slot cross-products ``sum_c B_cT B_cT'`` (size, 3, 3) and clusters present per slot.

    Response i belongs to the slots T with ``start[i] <= T < stop[i]`` (a
    rolling window of periods: the windows that include its period), and
    B_cT sums the weights of cluster c's responses in slot T by category.
    Sorting each response's entry and exit by cluster and slot, a cumulative
    sum gives every cluster's totals between two of its events (a "spell");
    each spell adds its outer product to the slots it covers. A response
    with weight 0 (a missing score) makes its cluster present without adding
    to the products. ``columns``: how many categories ``index`` runs over.
    """
    products = np.zeros((size, columns, columns))
    present = np.zeros(size, dtype=np.intp)
    keep = stop > start
    c, first_slot, end_slot = codes[keep], start[keep], np.minimum(stop[keep], size)
    j, w = index[keep], weights[keep]
    n = c.shape[0]
    if n == 0:
        return products, present
    owner = np.concatenate([c, c]).astype(np.int64)
    slot = np.concatenate([first_slot, end_slot]).astype(np.intp)
    order = np.argsort(owner * (size + 1) + slot)  # by cluster, then slot
    owner, slot = owner[order], slot[order]
    entering = order < n
    row = np.where(entering, order, order - n)
    sign = np.where(entering, 1.0, -1.0)
    change = np.zeros((2 * n, columns))
    change[np.arange(2 * n), j[row]] = sign * w[row]
    running = np.cumsum(change, axis=0)
    inside = np.cumsum(sign)  # responses of the cluster in force: whole numbers, exact
    following = np.empty_like(slot)
    following[:-1] = slot[1:]
    following[-1] = slot[-1]
    same = np.zeros(2 * n, dtype=bool)
    same[:-1] = owner[1:] == owner[:-1]
    spell = np.flatnonzero(same & (following > slot) & (inside > 0.5))
    # Each cluster's totals counted from its own first event: no rounding carried over from others.
    opens = np.ones(2 * n, dtype=bool)
    opens[1:] = owner[1:] != owner[:-1]
    first = np.flatnonzero(opens)
    base = running[first] - change[first]
    owner_start = np.searchsorted(first, spell, side="right") - 1
    totals = running[spell] - base[owner_start]
    begin, end = slot[spell], following[spell]
    unit = end - begin == 1  # a spell of one slot: added directly, no running sum to round
    products += _by_slot(totals[unit], begin[unit], size)
    present += np.bincount(begin[unit], minlength=size)
    if not unit.all():
        long = ~unit
        step = _by_slot(totals[long], begin[long], size + 1) - _by_slot(totals[long], end[long], size + 1)
        products += np.cumsum(step, axis=0)[:size]
        count = np.bincount(begin[long], minlength=size + 1) - np.bincount(end[long], minlength=size + 1)
        present += np.cumsum(count)[:size]
    return products, present


def linearisation_variance(sums: FloatArray, products: FloatArray, factor: FloatArray) -> FloatArray:
    """``factor * a' P a / W^2`` per row (-1..1 scale), a = y - NPS: the clustered variance.

    ``sums`` (k, 3), ``products`` (k, 3, 3), ``factor`` (k,) (m / (m - 1) for
    clusters; 1 with ``P = diag(squared weights)`` gives the unclustered
    weighted variance). ``P / W^2`` is formed as ``(P / W) / W``, so weights up
    to 1e300 do not overflow. Empty rows give NaN.
    """
    total = sums.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (sums / total[:, None]) @ _Y
        a = _Y[None, :] - mean[:, None]
        scaled = products / total[:, None, None] / total[:, None, None]
        variance: FloatArray = factor * np.einsum("ki,kij,kj->k", a, scaled, a)
    return variance
