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
    "next_periods",
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

    One sort of the (cluster, group) pairs. A response alone in its pair (the
    common case) adds its squared weight to the diagonal, one bincount for
    all of them; the pairs of several responses sum their category totals
    first (one bincount) and add their outer products by group. A response
    with weight 0 (a missing score) makes its cluster present in the group
    without adding to the products.
    """
    n = codes.shape[0]
    if n == 0:
        return np.zeros((size, columns, columns)), np.zeros(size, dtype=np.intp)
    groups = np.asarray(groups, dtype=np.intp)
    order, ordered = _sort_order(codes.astype(np.int64) * size + groups)
    alone = np.ones(n, dtype=bool)  # sorted rows alone in their (cluster, group)
    same = ordered[1:] == ordered[:-1]
    alone[1:] &= ~same
    alone[:-1] &= ~same
    single = np.empty(n, dtype=bool)
    single[order] = alone
    cell = groups * columns + index
    diagonal = np.bincount(cell, weights=np.where(single, weights * weights, 0.0), minlength=columns * size)
    products = np.zeros((size, columns, columns))
    diagonal_index = np.arange(columns)
    products[:, diagonal_index, diagonal_index] = diagonal.reshape(size, columns)
    present = np.bincount(np.where(single, groups, size), minlength=size + 1)[:size]
    if not alone.all():
        rows, pairs = order[~alone], ordered[~alone]
        first = np.ones(rows.shape[0], dtype=bool)
        first[1:] = pairs[1:] != pairs[:-1]
        pair = np.cumsum(first) - 1
        summed = np.bincount(
            pair * columns + index[rows], weights=weights[rows], minlength=columns * int(pair[-1] + 1)
        )
        group = (pairs[first] % size).astype(np.intp)
        totals: FloatArray = summed.astype(np.float64, copy=False).reshape(-1, columns)
        products += _by_slot(totals, group, size)
        present += np.bincount(group, minlength=size)
    return products, present


def _sort_order(key: NDArray[np.int64]) -> tuple[IntArray, NDArray[np.int64]]:
    """Positions that sort the non-negative ``key`` (ties by position), and the sorted keys.

    Each position goes into the low bits of its key, so ``np.sort`` of the
    values does the work of a stable ``np.argsort`` in a fraction of its time
    (numpy's vectorised sorts are for values, not indices); keys too large to
    share 63 bits with the positions take the argsort. ``key`` is overwritten.
    """
    n = key.shape[0]
    bits = max(n - 1, 1).bit_length()
    if n == 0 or int(key.max()) < 1 << (63 - bits):
        key <<= bits
        key |= np.arange(n, dtype=np.int64)
        key.sort()
        order: IntArray = (key & ((1 << bits) - 1)).astype(np.intp, copy=False)
        key >>= bits
        return order, key
    order = np.argsort(key, kind="stable")
    return order, key[order]


def next_periods(person: Codes, codes: Codes, time: NDArray[Any], t: int, far: int) -> IntArray:
    """Period of each response's next answer by the same person, in time order (``far`` if none).

    ``person`` and ``codes`` (period, 0..t-1) are non-negative; time order is
    by period, then ``time`` (a finer key within a period, such as the dates),
    then position. Only the period of the next answer matters, so one sort
    by (person, period) does: within a person's period, every answer but the
    latest is followed in that same period, and the latest by the person's
    next period, if any. Only the periods in which a person answered more
    than once (few, as a rule) need the times, ranked among themselves.
    """
    n = codes.shape[0]
    following: IntArray = np.array(codes, dtype=np.intp)
    if n == 0:
        return following
    key = person.astype(np.int64)
    key *= t
    key += codes
    order, key = _sort_order(key)
    last = np.empty(n, dtype=bool)  # the last sorted position of a (person, period)
    np.not_equal(key[1:], key[:-1], out=last[:-1])
    last[-1] = True
    ends = np.flatnonzero(last)
    latest = order[ends]  # each (person, period)'s last answer by position, unless it has several
    if ends.shape[0] < n:
        shared = ~last
        shared[1:] |= shared[:-1]
        members = np.flatnonzero(shared)  # sorted positions of the periods answered several times
        rows = order[members]  # by position within each (person, period)
        by_time = np.argsort(time[rows], kind="stable")
        rank = np.empty(rows.shape[0], dtype=np.int64)
        rank[by_time] = np.arange(rows.shape[0])  # ties keep the order of positions
        size = np.int64(rows.shape[0])
        ranked = np.sort(np.searchsorted(ends, members) * size + rank)  # by group, then time and position
        final = np.append(ranked[1:] // size != ranked[:-1] // size, True)
        latest[ranked[final] // size] = rows[by_time[ranked[final] % size]]
    period = key[ends]
    who = period // t
    same = who[1:] == who[:-1]
    who *= t
    period -= who
    later = who  # the buffer, reused
    later[:-1] = np.where(same, period[1:], far)
    later[-1] = far
    following[latest] = later
    return following


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
