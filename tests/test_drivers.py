"""drivers(): exact Shapley/LMG importance, Johnson's weights, dominance, quadrant, bad input.

Reference numbers come from R (see each comment); the data sets are R's public-domain
``datasets::swiss`` and ``datasets::mtcars``, embedded below.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter._stats._drivers import subset_r_squared

# R: write.csv(swiss)  -- Fertility, Agriculture, Examination, Education, Catholic, Infant.Mortality
SWISS = np.array(
    [
        (80.2, 17, 15, 12, 9.96, 22.2),  # Courtelary
        (83.1, 45.1, 6, 9, 84.84, 22.2),  # Delemont
        (92.5, 39.7, 5, 5, 93.4, 20.2),  # Franches-Mnt
        (85.8, 36.5, 12, 7, 33.77, 20.3),  # Moutier
        (76.9, 43.5, 17, 15, 5.16, 20.6),  # Neuveville
        (76.1, 35.3, 9, 7, 90.57, 26.6),  # Porrentruy
        (83.8, 70.2, 16, 7, 92.85, 23.6),  # Broye
        (92.4, 67.8, 14, 8, 97.16, 24.9),  # Glane
        (82.4, 53.3, 12, 7, 97.67, 21),  # Gruyere
        (82.9, 45.2, 16, 13, 91.38, 24.4),  # Sarine
        (87.1, 64.5, 14, 6, 98.61, 24.5),  # Veveyse
        (64.1, 62, 21, 12, 8.52, 16.5),  # Aigle
        (66.9, 67.5, 14, 7, 2.27, 19.1),  # Aubonne
        (68.9, 60.7, 19, 12, 4.43, 22.7),  # Avenches
        (61.7, 69.3, 22, 5, 2.82, 18.7),  # Cossonay
        (68.3, 72.6, 18, 2, 24.2, 21.2),  # Echallens
        (71.7, 34, 17, 8, 3.3, 20),  # Grandson
        (55.7, 19.4, 26, 28, 12.11, 20.2),  # Lausanne
        (54.3, 15.2, 31, 20, 2.15, 10.8),  # La Vallee
        (65.1, 73, 19, 9, 2.84, 20),  # Lavaux
        (65.5, 59.8, 22, 10, 5.23, 18),  # Morges
        (65, 55.1, 14, 3, 4.52, 22.4),  # Moudon
        (56.6, 50.9, 22, 12, 15.14, 16.7),  # Nyone
        (57.4, 54.1, 20, 6, 4.2, 15.3),  # Orbe
        (72.5, 71.2, 12, 1, 2.4, 21),  # Oron
        (74.2, 58.1, 14, 8, 5.23, 23.8),  # Payerne
        (72, 63.5, 6, 3, 2.56, 18),  # Paysd'enhaut
        (60.5, 60.8, 16, 10, 7.72, 16.3),  # Rolle
        (58.3, 26.8, 25, 19, 18.46, 20.9),  # Vevey
        (65.4, 49.5, 15, 8, 6.1, 22.5),  # Yverdon
        (75.5, 85.9, 3, 2, 99.71, 15.1),  # Conthey
        (69.3, 84.9, 7, 6, 99.68, 19.8),  # Entremont
        (77.3, 89.7, 5, 2, 100, 18.3),  # Herens
        (70.5, 78.2, 12, 6, 98.96, 19.4),  # Martigwy
        (79.4, 64.9, 7, 3, 98.22, 20.2),  # Monthey
        (65, 75.9, 9, 9, 99.06, 17.8),  # St Maurice
        (92.2, 84.6, 3, 3, 99.46, 16.3),  # Sierre
        (79.3, 63.1, 13, 13, 96.83, 18.1),  # Sion
        (70.4, 38.4, 26, 12, 5.62, 20.3),  # Boudry
        (65.7, 7.7, 29, 11, 13.79, 20.5),  # La Chauxdfnd
        (72.7, 16.7, 22, 13, 11.22, 18.9),  # Le Locle
        (64.4, 17.6, 35, 32, 16.92, 23),  # Neuchatel
        (77.6, 37.6, 15, 7, 4.97, 20),  # Val de Ruz
        (67.6, 18.7, 25, 7, 8.65, 19.5),  # ValdeTravers
        (35, 1.2, 37, 53, 42.34, 18),  # V. De Geneve
        (44.7, 46.6, 16, 29, 50.43, 18.2),  # Rive Droite
        (42.8, 27.7, 22, 29, 58.33, 19.3),  # Rive Gauche
    ]
)
SWISS_NAMES = ("Agriculture", "Examination", "Education", "Catholic", "Infant.Mortality")

# R: mtcars[, c("mpg", "cyl", "disp", "hp", "gear")]
MTCARS = np.array(
    [
        (21, 6, 160, 110, 4),  # Mazda RX4
        (21, 6, 160, 110, 4),  # Mazda RX4 Wag
        (22.8, 4, 108, 93, 4),  # Datsun 710
        (21.4, 6, 258, 110, 3),  # Hornet 4 Drive
        (18.7, 8, 360, 175, 3),  # Hornet Sportabout
        (18.1, 6, 225, 105, 3),  # Valiant
        (14.3, 8, 360, 245, 3),  # Duster 360
        (24.4, 4, 146.7, 62, 4),  # Merc 240D
        (22.8, 4, 140.8, 95, 4),  # Merc 230
        (19.2, 6, 167.6, 123, 4),  # Merc 280
        (17.8, 6, 167.6, 123, 4),  # Merc 280C
        (16.4, 8, 275.8, 180, 3),  # Merc 450SE
        (17.3, 8, 275.8, 180, 3),  # Merc 450SL
        (15.2, 8, 275.8, 180, 3),  # Merc 450SLC
        (10.4, 8, 472, 205, 3),  # Cadillac Fleetwood
        (10.4, 8, 460, 215, 3),  # Lincoln Continental
        (14.7, 8, 440, 230, 3),  # Chrysler Imperial
        (32.4, 4, 78.7, 66, 4),  # Fiat 128
        (30.4, 4, 75.7, 52, 4),  # Honda Civic
        (33.9, 4, 71.1, 65, 4),  # Toyota Corolla
        (21.5, 4, 120.1, 97, 3),  # Toyota Corona
        (15.5, 8, 318, 150, 3),  # Dodge Challenger
        (15.2, 8, 304, 150, 3),  # AMC Javelin
        (13.3, 8, 350, 245, 3),  # Camaro Z28
        (19.2, 8, 400, 175, 3),  # Pontiac Firebird
        (27.3, 4, 79, 66, 4),  # Fiat X1-9
        (26, 4, 120.3, 91, 5),  # Porsche 914-2
        (30.4, 4, 95.1, 113, 5),  # Lotus Europa
        (15.8, 8, 351, 264, 5),  # Ford Pantera L
        (19.7, 6, 145, 175, 5),  # Ferrari Dino
        (15, 8, 301, 335, 5),  # Maserati Bora
        (21.4, 4, 121, 109, 4),  # Volvo 142E
    ]
)


def swiss_attributes() -> dict[str, np.ndarray]:
    return {name: SWISS[:, j + 1] for j, name in enumerate(SWISS_NAMES)}


def test_embedded_data_sets_are_rs() -> None:
    # R: nrow(swiss); colSums(swiss); nrow(mtcars); colSums(mtcars[, c(...)])
    assert SWISS.shape == (47, 6) and MTCARS.shape == (32, 5)
    np.testing.assert_allclose(SWISS.sum(axis=0), [3296.7, 2381.0, 775.0, 516.0, 1933.76, 937.3])
    np.testing.assert_allclose(MTCARS.sum(axis=0), [642.9, 198.0, 7383.1, 4694.0, 118.0])


# -- reference values ---------------------------------------------------------------------------

# R relaimpo: calc.relimp(lm(Fertility ~ ., swiss), type = c("lmg", "genizi"))
SWISS_LMG = {
    "Agriculture": 0.057091,
    "Examination": 0.171173,
    "Education": 0.260135,
    "Catholic": 0.105570,
    "Infant.Mortality": 0.112766,
}
SWISS_R2 = 0.7067350
# relaimpo's genizi equals Johnson's relative weights on these data
SWISS_JOHNSON = {
    "Agriculture": 0.048417,
    "Examination": 0.154708,
    "Education": 0.271964,
    "Catholic": 0.114680,
    "Infant.Mortality": 0.116966,
}
# R rwa package README: rwa(mtcars, "mpg", c("cyl", "disp", "hp", "gear")), Raw.RelWeight
MTCARS_JOHNSON = {"cyl": 0.2284797, "disp": 0.2221469, "hp": 0.2321744, "gear": 0.0963886}
# R, brute force over all 2^5 subsets and the Shapley weights k!(p-k-1)!/p!, with
# summary(lm(Fertility ~ s, swiss, weights = rep(c(1, 2, 3), length.out = 47)))$r.squared
SWISS_WEIGHTED_LMG = {
    "Agriculture": 0.06102021708,
    "Examination": 0.18416693341,
    "Education": 0.26026839815,
    "Catholic": 0.10199280520,
    "Infant.Mortality": 0.11625675972,
}
SWISS_WEIGHTED_R2 = 0.7237051135


def test_shapley_equals_relaimpo_lmg_on_swiss() -> None:
    table = nps.drivers(SWISS[:, 0], swiss_attributes(), scale=None)
    assert table.method == "shapley"
    for name, expected in SWISS_LMG.items():
        assert table[name].importance == pytest.approx(expected, abs=1e-6)
        assert table[name].relative == pytest.approx(expected / SWISS_R2, abs=1e-6)
    assert table.r_squared == pytest.approx(SWISS_R2, abs=1e-7)
    assert [row.attribute for row in table] == [
        "Education",
        "Examination",
        "Infant.Mortality",
        "Catholic",
        "Agriculture",
    ]
    assert [row.rank for row in table] == [1, 2, 3, 4, 5]


def test_johnson_equals_relaimpo_genizi_on_swiss_and_rwa_on_mtcars() -> None:
    swiss = nps.drivers(SWISS[:, 0], swiss_attributes(), method="johnson", scale=None)
    for name, expected in SWISS_JOHNSON.items():
        assert swiss[name].importance == pytest.approx(expected, abs=1e-6)
    assert swiss.r_squared == pytest.approx(SWISS_R2, abs=1e-7)
    assert swiss.dominance is None
    cars = dict(zip(("cyl", "disp", "hp", "gear"), MTCARS[:, 1:].T, strict=True))
    mtcars = nps.drivers(MTCARS[:, 0], cars, method="johnson", scale=None)
    for name, expected in MTCARS_JOHNSON.items():
        assert mtcars[name].importance == pytest.approx(expected, abs=1e-6)


def test_weighted_shapley_equals_weighted_least_squares_in_r() -> None:
    weights = np.resize([1.0, 2.0, 3.0], 47)
    table = nps.drivers(SWISS[:, 0], swiss_attributes(), weights=weights, scale=None)
    for name, expected in SWISS_WEIGHTED_LMG.items():
        assert table[name].importance == pytest.approx(expected, abs=1e-9)
    assert table.r_squared == pytest.approx(SWISS_WEIGHTED_R2, abs=1e-9)
    # Kish: (sum w)^2 / sum w^2 with 16 ones, 16 twos and 15 threes
    assert table.effective_n == pytest.approx(93.0**2 / (16 + 64 + 135))


def test_integer_weights_equal_repeated_responses() -> None:
    weights = np.resize([1, 2, 3], 47)
    weighted = nps.drivers(SWISS[:, 0], swiss_attributes(), weights=weights, scale=None)
    rows = np.repeat(np.arange(47), weights)
    repeated = nps.drivers(SWISS[rows, 0], {k: v[rows] for k, v in swiss_attributes().items()}, scale=None)
    for row in weighted:
        assert repeated[row.attribute].importance == pytest.approx(row.importance, abs=1e-12)


# -- an independent brute force: least squares for every order of entry --------------------------


def _r2_lstsq(x: np.ndarray, y: np.ndarray, subset: tuple[int, ...]) -> float:
    design = np.column_stack([np.ones(len(y)), x[:, list(subset)]])
    fitted = design @ np.linalg.lstsq(design, y, rcond=None)[0]
    return float(1.0 - ((y - fitted) ** 2).sum() / ((y - y.mean()) ** 2).sum())


def _lmg_by_orders(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """LMG as its definition: the mean R^2 gain of each predictor over all p! orders of entry."""
    p = x.shape[1]
    gains = np.zeros(p)
    orders = list(itertools.permutations(range(p)))
    for order in orders:
        previous = 0.0
        for k in range(p):
            current = _r2_lstsq(x, y, tuple(sorted(order[: k + 1])))
            gains[order[k]] += current - previous
            previous = current
    return gains / len(orders)


def _correlated(seed: int, n: int, p: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(n, 1))
    x = latent + rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, size=p)
    y = x @ rng.normal(size=p) + rng.normal(size=n) * 2.0
    return x, y


def test_shapley_equals_the_average_over_all_orders_of_entry() -> None:
    x, y = _correlated(7, 80, 4)
    table = nps.drivers(y, {f"x{j}": x[:, j] for j in range(4)}, scale=None)
    expected = _lmg_by_orders(x, y)
    for j in range(4):
        assert table[f"x{j}"].importance == pytest.approx(expected[j], abs=1e-12)


def test_every_subset_r_squared_equals_a_least_squares_fit() -> None:
    x, y = _correlated(3, 60, 5)
    corr = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    subsets = subset_r_squared(corr)
    for mask in range(32):
        members = tuple(j for j in range(5) if mask >> j & 1)
        assert subsets[mask] == pytest.approx(_r2_lstsq(x, y, members), abs=1e-12)


# -- dominance ----------------------------------------------------------------------------------


def test_dominance_agrees_with_a_brute_force_over_subsets() -> None:
    x, y = _correlated(11, 70, 4)
    names = [f"x{j}" for j in range(4)]
    dominance = nps.drivers(y, dict(zip(names, x.T, strict=True)), scale=None).dominance
    assert dominance is not None
    for i, j in itertools.permutations(range(4), 2):
        others = [k for k in range(4) if k not in (i, j)]
        margins = [
            _r2_lstsq(x, y, tuple(sorted((*s, i)))) - _r2_lstsq(x, y, tuple(sorted((*s, j))))
            for size in range(3)
            for s in itertools.combinations(others, size)
        ]
        expected = 1.0 if min(margins) > 0 else 0.0 if max(margins) < 0 else 0.5
        assert dominance.complete[i][j] == expected
        assert dominance.dominates(names[i], names[j]) == (expected == 1.0)
    for j in range(4):
        # conditional at size 0: the attribute's own R^2; at size p - 1: its gain over all others
        assert dominance.conditional[j][0] == pytest.approx(_r2_lstsq(x, y, (j,)), abs=1e-12)
        rest = tuple(k for k in range(4) if k != j)
        gain = _r2_lstsq(x, y, tuple(range(4))) - _r2_lstsq(x, y, rest)
        assert dominance.conditional[j][3] == pytest.approx(gain, abs=1e-12)
        assert dominance.complete[j][j] is None


def test_swiss_dominance_levels_nest() -> None:
    table = nps.drivers(SWISS[:, 0], swiss_attributes(), scale=None)
    dominance = table.dominance
    assert dominance is not None
    assert dominance.general == pytest.approx(tuple(SWISS_LMG.values()), abs=1e-6)
    assert dominance.dominates("Education", "Agriculture", level="complete")
    for a, b in itertools.permutations(SWISS_NAMES, 2):
        if dominance.dominates(a, b, level="complete"):
            assert dominance.dominates(a, b, level="conditional")
        if dominance.dominates(a, b, level="conditional"):
            assert dominance.dominates(a, b, level="general")
    with pytest.raises(nps.InvalidOptionError, match="level"):
        dominance.dominates("Education", "Catholic", level="partial")  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        dominance.dominates("Education", "Religion")
    json.dumps(dominance.to_dict(), allow_nan=False)
    assert "Education > Agriculture" in repr(dominance)


# -- invariants ----------------------------------------------------------------------------------


@given(
    seed=st.integers(0, 2**32 - 1),
    p=st.integers(1, 6),
    scale=st.floats(0.01, 100.0),
    shift=st.floats(-50.0, 50.0),
)
def test_importance_adds_up_and_ignores_units_and_order(
    seed: int, p: int, scale: float, shift: float
) -> None:
    x, y = _correlated(seed, 40, p)
    names = [f"a{j}" for j in range(p)]
    table = nps.drivers(y, dict(zip(names, x.T, strict=True)), scale=None)
    assert sum(row.importance for row in table) == pytest.approx(table.r_squared, abs=1e-12)
    assert sum(row.relative for row in table) == pytest.approx(1.0, abs=1e-12)
    assert all(row.importance > -1e-12 for row in table)
    # Units of an attribute, and the order of the attributes, change nothing.
    moved = {names[j]: (x[:, j] * scale + shift if j == 0 else x[:, j]) for j in reversed(range(p))}
    again = nps.drivers(y * 3.0 - 1.0, moved, scale=None)
    for row in table:
        assert again[row.attribute].importance == pytest.approx(row.importance, abs=1e-9)
    johnson = nps.drivers(y, dict(zip(names, x.T, strict=True)), method="johnson", scale=None)
    assert sum(row.importance for row in johnson) == pytest.approx(table.r_squared, abs=1e-9)


def test_two_attributes_johnson_equals_shapley() -> None:
    # With two predictors the relative weights and LMG coincide (Johnson 2000, p. 12).
    x, y = _correlated(5, 50, 2)
    attributes = {"a": x[:, 0], "b": x[:, 1]}
    shapley = nps.drivers(y, attributes, scale=None)
    johnson = nps.drivers(y, attributes, method="johnson", scale=None)
    for row in shapley:
        assert johnson[row.attribute].importance == pytest.approx(row.importance, abs=1e-12)


def test_one_attribute_gets_all_of_r_squared() -> None:
    x, y = _correlated(2, 30, 1)
    table = nps.drivers(y, {"only": x[:, 0]}, scale=None)
    assert table["only"].importance == pytest.approx(np.corrcoef(x[:, 0], y)[0, 1] ** 2, abs=1e-12)
    assert table["only"].relative == pytest.approx(1.0)


# -- NPS outcomes ------------------------------------------------------------------------------


def _survey(seed: int = 0, n: int = 400) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    support = rng.integers(1, 6, size=n)
    price = rng.integers(1, 6, size=n)
    app = np.clip(support + rng.integers(-1, 2, size=n), 1, 5)
    latent = 1.2 * support + 0.4 * price + 0.6 * app + rng.normal(size=n)
    scores = np.clip(np.rint(latent - 1.0), 0, 10).astype(int)
    return scores, {"support": support, "price": price, "app": app}


def test_targets_are_the_promoter_detractor_and_nps_codes() -> None:
    scores, attributes = _survey()
    for target, coded in (
        ("promoter", (scores >= 9).astype(int)),
        ("detractor", (scores <= 6).astype(int)),
        ("nps", nps.categorize(scores).astype(int) + 1),  # 0, 1, 2: a shift of -1, 0, +1
    ):
        by_target = nps.drivers(scores, attributes, target=target)  # type: ignore[arg-type]
        by_hand = nps.drivers(coded, attributes)
        assert by_target.target == target
        for row in by_hand:
            assert by_target[row.attribute].importance == pytest.approx(row.importance, abs=1e-12)


def test_scores_are_checked_against_the_scale() -> None:
    scores, attributes = _survey(n=20)
    scores[3] = 11
    with pytest.raises(nps.InvalidScoreError, match="position 3"):
        nps.drivers(scores, attributes)
    with pytest.raises(nps.InvalidOptionError, match=r"target='promoter'.*scale=None"):
        nps.drivers(scores, attributes, scale=None, target="promoter")


# -- missing values and bad input ----------------------------------------------------------------


def test_incomplete_responses_are_left_out_and_counted() -> None:
    scores, attributes = _survey(n=60)
    with_gaps = {name: values.astype(float) for name, values in attributes.items()}
    with_gaps["price"][[2, 5]] = np.nan
    with_gaps["app"][5] = np.nan
    outcome: list[Any] = [float(s) for s in scores]  # a list with None, as users pass it
    outcome[9] = None
    table = nps.drivers(outcome, with_gaps)
    keep = np.setdiff1d(np.arange(60), [2, 5, 9])
    complete = nps.drivers(scores[keep], {k: v[keep] for k, v in attributes.items()})
    assert (table.n, table.missing) == (57, 3)
    assert (table["price"].missing, table["app"].missing, table["support"].missing) == (2, 1, 0)
    for row in complete:
        assert table[row.attribute].importance == pytest.approx(row.importance, abs=1e-12)


def test_missing_raise_names_the_attribute_and_position() -> None:
    scores, attributes = _survey(n=30)
    attrs = {"support": list(attributes["support"]), "price": list(attributes["price"])}
    attrs["price"][4] = None
    with pytest.raises(nps.MissingValueError, match=r"attribute 'price' at position 4"):
        nps.drivers(scores, attrs, missing="raise")
    outcome = [float(s) for s in scores]
    outcome[7] = math.nan
    with pytest.raises(nps.MissingValueError, match="position 7"):
        nps.drivers(outcome, attributes, missing="raise")
    with pytest.raises(nps.MissingValueError, match="outcome at position 7"):
        nps.drivers(outcome, attributes, missing="raise", scale=None)


def test_degenerate_data_get_clear_errors() -> None:
    scores, attributes = _survey(n=50)
    with pytest.raises(nps.DegenerateDataError, match="'flat'"):
        nps.drivers(scores, {**attributes, "flat": np.full(50, 3)})
    collinear = {**attributes, "total": attributes["support"] + attributes["price"]}
    with pytest.raises(nps.DegenerateDataError, match="'support', 'price', 'total' are collinear"):
        nps.drivers(scores, collinear)
    with pytest.raises(nps.DegenerateDataError, match="outcome"):
        nps.drivers(np.full(50, 9), attributes)
    with pytest.raises(nps.DegenerateDataError, match=r"outcome \(promoter\)"):
        nps.drivers(np.full(50, 9), attributes, target="promoter")
    with pytest.raises(nps.DegenerateDataError, match=r"at least 5 complete responses.*got 4"):
        nps.drivers(scores[:4], {k: v[:4] for k, v in attributes.items()})
    gappy = {k: v[:6].astype(float) for k, v in attributes.items()}
    gappy["app"][:2] = np.nan
    with pytest.raises(nps.DegenerateDataError, match=r"got 4 \(2 left out for missing values\)"):
        nps.drivers(scores[:6], gappy)


def test_bad_options_and_values_name_themselves() -> None:
    scores, attributes = _survey(n=30)
    with pytest.raises(nps.InvalidOptionError, match=r"method.*'lmg'"):
        nps.drivers(scores, attributes, method="lmg")  # type: ignore[arg-type]
    with pytest.raises(nps.InvalidOptionError, match=r"target.*'passive'"):
        nps.drivers(scores, attributes, target="passive")  # type: ignore[arg-type]
    with pytest.raises(nps.InvalidOptionError, match=r"missing.*'drop'"):
        nps.drivers(scores, attributes, missing="drop")  # type: ignore[arg-type]
    with pytest.raises(nps.InvalidOptionError, match="resamples"):
        nps.drivers(scores, attributes, resamples=10)
    with pytest.raises(nps.InvalidOptionError, match="confidence"):
        nps.drivers(scores, attributes, confidence=95)
    with pytest.raises(nps.InvalidOptionError, match="top_box"):
        nps.drivers(scores, attributes, top_box="5")  # type: ignore[arg-type]
    many = {f"a{j}": np.arange(30.0) ** (1 + j / 10) for j in range(23)}
    with pytest.raises(nps.InvalidOptionError, match="at most 22 attributes; got 23: use method='johnson'"):
        nps.drivers(scores, many)
    text = {**attributes, "price": ["cheap", *attributes["price"][1:]]}
    with pytest.raises(nps.InvalidTypeError, match=r"attribute 'price'.*'cheap' at position 0"):
        nps.drivers(scores, text)
    infinite = {**attributes, "app": np.where(np.arange(30) == 6, np.inf, 1.0)}
    with pytest.raises(nps.InvalidScoreError, match="'app' value inf at position 6"):
        nps.drivers(scores, infinite)
    with pytest.raises(nps.LengthMismatchError, match="attribute 'support'"):
        nps.drivers(scores, {**attributes, "support": attributes["support"][:-1]})
    with pytest.raises(nps.InvalidTypeError, match="mapping"):
        nps.drivers(scores, [attributes["support"]])
    with pytest.raises(nps.InvalidTypeError, match="at least one"):
        nps.drivers(scores, {})


def test_booleans_are_zero_one_indicators() -> None:
    scores, attributes = _survey(n=80)
    flag = attributes["support"] >= 4
    as_bool = nps.drivers(scores, {"contacted": flag, "price": attributes["price"]})
    as_int = nps.drivers(scores, {"contacted": flag.astype(int), "price": attributes["price"]})
    assert as_bool["contacted"].importance == pytest.approx(as_int["contacted"].importance, abs=1e-15)


def test_data_frames_give_the_same_table() -> None:
    pd = pytest.importorskip("pandas")
    scores, attributes = _survey(n=100)
    frame = pd.DataFrame(attributes)
    table = nps.drivers(pd.Series(scores), frame)
    plain = nps.drivers(scores, attributes)
    assert [(r.attribute, r.importance) for r in table] == [(r.attribute, r.importance) for r in plain]
    pa = pytest.importorskip("pyarrow")
    arrow = nps.drivers(scores, pa.table(attributes))
    assert [r.importance for r in arrow] == [r.importance for r in plain]
    doubled = pd.DataFrame(np.column_stack([attributes["price"], attributes["app"]]), columns=["x", "x"])
    with pytest.raises(nps.InvalidTypeError, match="repeated: 'x'"):
        nps.drivers(scores, doubled)


# -- bootstrap ------------------------------------------------------------------------------------


def test_bootstrap_intervals_are_reproducible_and_cover_the_estimate() -> None:
    table = nps.drivers(SWISS[:, 0], swiss_attributes(), scale=None, resamples=400, rng=1)
    again = nps.drivers(SWISS[:, 0], swiss_attributes(), scale=None, resamples=400, rng=1)
    other = nps.drivers(SWISS[:, 0], swiss_attributes(), scale=None, resamples=400, rng=2)
    assert table.to_dict() == again.to_dict()
    assert table.to_dict() != other.to_dict()
    assert table.resamples == 400 and table.r_squared_ci is not None
    for row in table:
        assert row.ci is not None and row.se is not None
        assert 0.0 <= row.ci.low < row.importance < row.ci.high <= 1.0
        assert row.se > 0
    assert table.r_squared_ci.low < table.r_squared < table.r_squared_ci.high
    johnson = nps.drivers(SWISS[:, 0], swiss_attributes(), scale=None, method="johnson", resamples=400)
    assert all(row.ci is not None for row in johnson)


def test_bootstrap_se_matches_a_loop_over_resampled_responses() -> None:
    # The vectorised replicates equal refitting on the resampled rows one by one.
    x, y = _correlated(4, 50, 3)
    attributes = {f"x{j}": x[:, j] for j in range(3)}
    table = nps.drivers(y, attributes, scale=None, resamples=100, rng=np.random.default_rng(9))
    rng = np.random.default_rng(9)
    rows = rng.integers(0, 50, size=(100, 50))
    draws = np.array([_lmg_by_orders(x[r], y[r]) for r in rows])
    for j in range(3):
        assert table[f"x{j}"].se == pytest.approx(draws[:, j].std(ddof=1), rel=1e-9)


def test_bootstrap_survives_replicates_where_a_rare_flag_is_constant() -> None:
    scores, attributes = _survey(n=40)
    rare = np.zeros(40, dtype=bool)
    rare[[3, 17]] = True
    table = nps.drivers(scores, {**attributes, "complaint": rare}, resamples=200)
    row = table["complaint"]
    assert row.ci is not None and math.isfinite(row.ci.low) and math.isfinite(row.ci.high)


# -- performance and the quadrant ---------------------------------------------------------------


def test_performance_is_the_mean_and_top_box_share() -> None:
    scores, attributes = _survey(n=200)
    weights = np.resize([1.0, 3.0], 200)
    table = nps.drivers(scores, attributes, weights=weights)
    support = attributes["support"]
    assert table["support"].mean == pytest.approx(np.average(support, weights=weights))
    assert table["support"].top_box == pytest.approx(np.average(support == 5, weights=weights))
    four_plus = nps.drivers(scores, attributes, weights=weights, top_box=4)
    assert four_plus["support"].top_box == pytest.approx(np.average(support >= 4, weights=weights))


def test_quadrant_cuts_at_the_mean_or_median() -> None:
    scores, attributes = _survey(n=300)
    table = nps.drivers(scores, attributes)
    grid = table.quadrant()
    importance = [row.relative for row in table]
    assert grid.importance_cut == pytest.approx(np.mean(importance))
    assert grid.performance_cut == pytest.approx(np.mean([row.mean for row in table]))
    for row in grid:
        important = row.importance >= grid.importance_cut
        performing = row.performance >= grid.performance_cut
        expected = {
            (True, False): "concentrate here",
            (True, True): "keep up the good work",
            (False, False): "low priority",
            (False, True): "possible overkill",
        }[(important, performing)]
        assert row.quadrant == expected
    median = table.quadrant(performance="top-box", cut="median")
    assert median.performance_cut == pytest.approx(np.median([row.top_box for row in table]))
    assert [row.performance for row in median] == [row.top_box for row in table]
    with pytest.raises(nps.InvalidOptionError, match="performance"):
        table.quadrant(performance="median")  # type: ignore[arg-type]
    json.dumps(grid.to_dict(), allow_nan=False)
    assert "concentrate here" in grid._repr_html_() or "keep up" in grid._repr_html_()


# -- the result object ----------------------------------------------------------------------------


def test_table_is_a_readable_json_safe_value() -> None:
    table = nps.drivers(SWISS[:, 0], swiss_attributes(), scale=None)
    data = table.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["rows"][0]["attribute"] == "Education" and data["rows"][0]["ci"] is None
    assert data["dominance"]["complete"][0][0] is None
    assert repr(table).startswith("DriverTable(5 attributes, R^2 = 0.707, shapley, n = 47; top: Education")
    text = str(table)
    assert "Education" in text.splitlines()[2] and "R^2 = 0.707" in text
    assert "<table" in table._repr_html_() and "Education" in table._repr_html_()
    assert next(iter(table)) is table["Education"] and len(table) == 5
    with pytest.raises(KeyError):
        table["Religion"]
    with pytest.raises(AttributeError):
        table.r_squared = 1.0  # type: ignore[misc]
    frame = table.to_frame()
    assert list(frame["attribute"]) == [row.attribute for row in table]
    assert nps.drivers(SWISS[:, 0], swiss_attributes(), scale=None) == table
    booted = nps.drivers(SWISS[:, 0], swiss_attributes(), scale=None, resamples=100)
    assert "95% CI" in str(booted) and "95% CI" in booted._repr_html_()
    assert table.dominance is not None
    assert list(table.dominance.to_frame().columns)[-1] == "general"
    assert table.dominance.to_frame("complete").loc["Education", "Agriculture"] == 1.0


def test_quadrant_plot_draws_every_attribute() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from netpromoter import plot

    scores, attributes = _survey(n=300)
    table = nps.drivers(scores, attributes)
    grid = table.quadrant()
    ax = plot.drivers(table)
    others, focus = ax.collections[0], ax.collections[1]
    concentrate = sum(row.quadrant == "concentrate here" for row in grid)
    assert len(focus.get_offsets()) == concentrate
    assert len(others.get_offsets()) == len(table) - concentrate
    assert {t.get_text() for t in ax.texts} == {row.attribute for row in table}
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert dashed[0].get_xdata()[0] == pytest.approx(grid.performance_cut)
    assert dashed[1].get_ydata()[0] == pytest.approx(100 * grid.importance_cut)
    plt.close(ax.figure)
