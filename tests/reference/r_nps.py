"""R package NPS (Rocks): one-sample Wald, adjusted Wald and iterative (Tango) intervals.

Source: github brendan-r/NPS, commit cd9473e519a9320714a3574f88e9faa9f52c2767
(DESCRIPTION Version 2.0.999); its R files are ``source()``-d, the package is
not installed. R 4.2.2. The functions map to netpromoter's methods as

    nps_test_(x, test = "wald")           -> method="wald"
    nps_test_(x, test = "adjusted.wald")  -> method="adjusted-wald"
        (pseudo_observations = c(0.75, 1.50, 0.75) added to (D, Pas, P), then
        Wald on n + 3 around the adjusted estimate; R's se.hat is that SE)
    nps_test_(x, test = "iterative")      -> method="score"
        (function iterative() in R/nps_interval_estimators.R; no se.hat)

``x`` is the count vector (detractors, passives, promoters). With
``options(nps.100 = TRUE)`` the outputs are in NPS points, as ours. R NPS does
not clip intervals to [-100, 100]; netpromoter does (see the test).

R's iterative() bisects each bound and stops when its step ``dp`` falls below
1e-7 or when ``abs(z - score) < 1e-6`` (on the -1..1 scale), so its bounds are
approximate: see ITERATIVE_TOLERANCE in tests/test_reference.py.
"""

from __future__ import annotations

from typing import TypedDict


class NPSInterval(TypedDict):
    counts: tuple[int, int, int]  # detractors, passives, promoters
    confidence: float
    test: str  # R NPS's nps_test_(test=...)
    low: float  # r$int[1], NPS points
    high: float  # r$int[2], NPS points
    se: float | None  # r$se.hat, NPS points (NULL for "iterative")


# Produced by (R 4.2.2, NPS at cd9473e; NPS_R_DIR holds `git show cd9473e:R/<file>` of each file):
#   # NPS R sources: github brendan-r/NPS at commit cd9473e (DESCRIPTION Version 2.0.999),
#   # files R/nps_global.R, R/nps.R, R/nps_tests.R, R/nps_interval_estimators.R sourced, not installed.
#   for (f in c("nps_global.R", "nps.R", "nps_tests.R", "nps_interval_estimators.R")) {
#     source(file.path(Sys.getenv("NPS_R_DIR"), f))
#   }
#   options(nps.breaks = c(0, 6, 8, 10), nps.100 = TRUE)  # output in NPS points
#   triples <- list(c(3, 4, 5), c(10, 20, 30), c(0, 5, 10), c(50, 30, 120), c(1, 0, 1),
#                   c(7, 2, 1), c(0, 0, 6), c(120, 200, 180))
#   num <- function(v) if (length(v) == 0) "None" else sprintf("%.15g", v)
#   for (x in triples) for (conf in c(0.95, 0.90)) {
#     for (test in c("wald", "adjusted.wald", "iterative")) {
#       r <- nps_test_(x, test = test, conf = conf)  # pseudo_observations = c(0.75, 1.50, 0.75)
#       cat(sprintf(paste0('    {"counts": (%d, %d, %d), "confidence": %s, "test": "%s",',
#                          ' "low": %s, "high": %s, "se": %s},\n'),
#                   x[1], x[2], x[3], conf, test, num(r$int[1]), num(r$int[2]), num(r$se.hat)))
#     }
#   }
# fmt: off
INTERVALS: list[NPSInterval] = [
    {"counts": (3, 4, 5), "confidence": 0.95, "test": "wald", "low": -28.5574544567789,
     "high": 61.8907877901122, "se": 23.0739551747724},
    {"counts": (3, 4, 5), "confidence": 0.95, "test": "adjusted.wald", "low": -26.3708336899247,
     "high": 53.0375003565914, "se": 20.2576003112503},
    {"counts": (3, 4, 5), "confidence": 0.95, "test": "iterative", "low": -28.6256218872434,
     "high": 55.2821616331736, "se": None},
    {"counts": (3, 4, 5), "confidence": 0.9, "test": "wald", "low": -21.2866121906734,
     "high": 54.6199455240068, "se": 23.0739551747724},
    {"counts": (3, 4, 5), "confidence": 0.9, "test": "adjusted.wald", "low": -19.9874540119601,
     "high": 46.6541206786267, "se": 20.2576003112503},
    {"counts": (3, 4, 5), "confidence": 0.9, "test": "iterative", "low": -21.8163450581751,
     "high": 50.2007861932119, "se": None},
    {"counts": (10, 20, 30), "confidence": 0.95, "test": "wald", "low": 14.4735710987305,
     "high": 52.1930955679362, "se": 9.62250448649376},
    {"counts": (10, 20, 30), "confidence": 0.95, "test": "adjusted.wald", "low": 13.3011825356382,
     "high": 50.1908809564253, "se": 9.41081027808887},
    {"counts": (10, 20, 30), "confidence": 0.95, "test": "iterative", "low": 13.1740199143034,
     "high": 50.5638996760051, "se": None},
    {"counts": (10, 20, 30), "confidence": 0.9, "test": "wald", "low": 17.5057219283673,
     "high": 49.1609447382994, "se": 9.62250448649376},
    {"counts": (10, 20, 30), "confidence": 0.9, "test": "adjusted.wald", "low": 16.2666263275651,
     "high": 47.2254371644984, "se": 9.41081027808887},
    {"counts": (10, 20, 30), "confidence": 0.9, "test": "iterative", "low": 16.5631437539673,
     "high": 48.0272849400838, "se": None},
    {"counts": (0, 5, 10), "confidence": 0.95, "test": "wald", "low": 42.8107447504379,
     "high": 90.5225885828954, "se": 12.1716123890037},
    {"counts": (0, 5, 10), "confidence": 0.95, "test": "adjusted.wald", "low": 29.0075914237363,
     "high": 82.1035196873748, "se": 13.5451285540072},
    {"counts": (0, 5, 10), "confidence": 0.95, "test": "iterative", "low": 32.6861108577759,
     "high": 84.8236799240112, "se": None},
    {"counts": (0, 5, 10), "confidence": 0.9, "test": "wald", "low": 46.6461458827665,
     "high": 86.6871874505669, "se": 12.1716123890037},
    {"counts": (0, 5, 10), "confidence": 0.9, "test": "adjusted.wald", "low": 33.2758017259729,
     "high": 77.8353093851383, "se": 13.5451285540072},
    {"counts": (0, 5, 10), "confidence": 0.9, "test": "iterative", "low": 41.1987227183317,
     "high": 82.722528775533, "se": None},
    {"counts": (50, 30, 120), "confidence": 0.95, "test": "wald", "low": 23.1791258951485,
     "high": 46.8208741048515, "se": 6.03116904090741},
    {"counts": (50, 30, 120), "confidence": 0.95, "test": "adjusted.wald", "low": 22.7622918395854,
     "high": 46.2032254017939, "se": 5.97993987315779},
    {"counts": (50, 30, 120), "confidence": 0.95, "test": "iterative", "low": 22.6570205260835,
     "high": 46.1563235521317, "se": None},
    {"counts": (50, 30, 120), "confidence": 0.9, "test": "wald", "low": 25.079609728306,
     "high": 44.920390271694, "se": 6.03116904090741},
    {"counts": (50, 30, 120), "confidence": 0.9, "test": "adjusted.wald", "low": 24.6466328313744,
     "high": 44.318884410005, "se": 5.97993987315779},
    {"counts": (50, 30, 120), "confidence": 0.9, "test": "iterative", "low": 24.7019049879949,
     "high": 44.4583564996719, "se": None},
    {"counts": (1, 0, 1), "confidence": 0.95, "test": "wald", "low": -138.590382434968,
     "high": 138.590382434968, "se": 70.7106781186548},
    {"counts": (1, 0, 1), "confidence": 0.95, "test": "adjusted.wald", "low": -73.3351372056518,
     "high": 73.3351372056518, "se": 37.4165738677394},
    {"counts": (1, 0, 1), "confidence": 0.95, "test": "iterative", "low": -81.0937614409006,
     "high": 81.0937583446503, "se": None},
    {"counts": (1, 0, 1), "confidence": 0.9, "test": "wald", "low": -116.308715367667,
     "high": 116.308715367667, "se": 70.7106781186548},
    {"counts": (1, 0, 1), "confidence": 0.9, "test": "adjusted.wald", "low": -61.5447872344488,
     "high": 61.5447872344488, "se": 37.4165738677394},
    {"counts": (1, 0, 1), "confidence": 0.9, "test": "iterative", "low": -75.8267500742804,
     "high": 75.8267343044281, "se": None},
    {"counts": (7, 2, 1), "confidence": 0.95, "test": "wald", "low": -101.112551381609,
     "high": -18.8874486183913, "se": 20.976176963403},
    {"counts": (7, 2, 1), "confidence": 0.95, "test": "adjusted.wald", "low": -85.2682836520953,
     "high": -7.03940865559698, "se": 19.956712371645},
    {"counts": (7, 2, 1), "confidence": 0.95, "test": "iterative", "low": -85.8858253767539,
     "high": -4.89241600036621, "se": None},
    {"counts": (7, 2, 1), "confidence": 0.9, "test": "wald", "low": -94.5027407578294,
     "high": -25.4972592421706, "se": 20.976176963403},
    {"counts": (7, 2, 1), "confidence": 0.9, "test": "adjusted.wald", "low": -78.9797168803738,
     "high": -13.3279754273185, "se": 19.956712371645},
    {"counts": (7, 2, 1), "confidence": 0.9, "test": "iterative", "low": -83.406790915401,
     "high": -14.6767711639404, "se": None},
    {"counts": (0, 0, 6), "confidence": 0.95, "test": "wald", "low": 100, "high": 100, "se": 0},
    {"counts": (0, 0, 6), "confidence": 0.95, "test": "adjusted.wald", "low": 25.9249237746379,
     "high": 107.408409558695, "se": 20.7869854820775},
    {"counts": (0, 0, 6), "confidence": 0.95, "test": "iterative", "low": 21.9331741333008, "high": 100,
     "se": None},
    {"counts": (0, 0, 6), "confidence": 0.9, "test": "wald", "low": 100, "high": 100, "se": 0},
    {"counts": (0, 0, 6), "confidence": 0.9, "test": "adjusted.wald", "low": 32.475118203084,
     "high": 100.858215130249, "se": 20.7869854820775},
    {"counts": (0, 0, 6), "confidence": 0.9, "test": "iterative", "low": 37.8432273864746, "high": 100,
     "se": None},
    {"counts": (120, 200, 180), "confidence": 0.95, "test": "wald", "low": 5.29245456907152,
     "high": 18.7075454309285, "se": 3.42227994179319},
    {"counts": (120, 200, 180), "confidence": 0.95, "test": "adjusted.wald", "low": 5.24334464224213,
     "high": 18.6135142046764, "se": 3.41082021605918},
    {"counts": (120, 200, 180), "confidence": 0.95, "test": "iterative", "low": 5.23963528611233,
     "high": 18.6390652656555, "se": None},
    {"counts": (120, 200, 180), "confidence": 0.9, "test": "wald", "low": 6.3708504252982,
     "high": 17.6291495747018, "se": 3.42227994179319},
    {"counts": (120, 200, 180), "confidence": 0.9, "test": "adjusted.wald", "low": 6.3181294201949,
     "high": 17.5387294267236, "se": 3.41082021605918},
    {"counts": (120, 200, 180), "confidence": 0.9, "test": "iterative", "low": 6.33274082881621,
     "high": 17.5818095207214, "se": None},
]
# fmt: on
