"""Chances of a day's meetings: the binomial, and the beta-binomial that widens it for days that
run hotter or colder than the rep's average. Plain arithmetic, exact for days of hundreds of dials."""

from __future__ import annotations

import math
from collections.abc import Iterable


def binomial_tail(k: int, n: int, p: float, upper: bool) -> float:
    """P(X >= k) when `upper`, else P(X <= k), for X ~ Binomial(n, p). Exact for n in the hundreds."""
    if not 0.0 <= p <= 1.0:
        raise ValueError("p must be a probability")
    ks = range(max(0, k), n + 1) if upper else range(0, min(k, n) + 1)
    if p in (0.0, 1.0):  # all the mass sits on 0 or on n
        certain = 0 if p == 0.0 else n
        return 1.0 if certain in ks else 0.0
    # Each term in log space, so a day of thousands of dials cannot overflow a float.
    log_p, log_q, log_n = math.log(p), math.log1p(-p), math.lgamma(n + 1)
    total = sum(
        math.exp(log_n - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q)
        for i in ks
    )
    return min(1.0, total)


RECORD_MIN_DAYS = 10
"""Today is compared with the rep's own past days once this many of them reached today's dial
count; with fewer, with a model (and the sentence says so)."""
DEFAULT_DISPERSION = 0.02
"""The day-to-day spread the model allows (the beta-binomial's intra-day correlation) until the
rep has RECORD_MIN_DAYS working days to estimate their own from."""
MAX_DISPERSION = 0.5


def dispersion(daily: Iterable[tuple[int, int]]) -> float:
    """The day-to-day spread of the rep's meeting rate beyond a coin's (rho of a beta-binomial),
    by the method of moments over (dials, meetings) days: mean((r_i - p)^2) = p(1 - p) *
    mean(1/n_i + rho (n_i - 1)/n_i). DEFAULT_DISPERSION with fewer than RECORD_MIN_DAYS days."""
    days = [(n, k) for n, k in daily if n > 0]
    if len(days) < RECORD_MIN_DAYS:
        return DEFAULT_DISPERSION
    p = sum(k for _, k in days) / sum(n for n, _ in days)
    if p in (0.0, 1.0):
        return 0.0
    spread = sum((k / n - p) ** 2 for n, k in days) / len(days) / (p * (1 - p))
    coin = sum(1 / n for n, _ in days) / len(days)
    weight = sum((n - 1) / n for n, _ in days) / len(days)
    if not weight:
        return 0.0
    return max(0.0, min(MAX_DISPERSION, (spread - coin) / weight))


def beta_binomial_tail(k: int, n: int, p: float, rho: float, upper: bool) -> float:
    """P(X >= k) when `upper`, else P(X <= k), for X ~ BetaBinomial(n, mean p, correlation rho):
    a binomial widened for days that run hotter or colder than the average. rho = 0 is the
    binomial."""
    if rho <= 0.0 or p in (0.0, 1.0):
        return binomial_tail(k, n, p, upper)
    a, b = p * (1 - rho) / rho, (1 - p) * (1 - rho) / rho
    ks = range(max(0, k), n + 1) if upper else range(0, min(k, n) + 1)
    log_n, log_ab = math.lgamma(n + 1), math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    log_norm = log_n + log_ab - math.lgamma(n + a + b)
    total = sum(
        math.exp(
            log_norm
            - math.lgamma(i + 1)
            - math.lgamma(n - i + 1)
            + math.lgamma(i + a)
            + math.lgamma(n - i + b)
        )
        for i in ks
    )
    return min(1.0, total)
