"""How a question is shown to a learner: its public spec, with lists that would give the
answer away (ordering items, matching's right column) in a shuffled order.

The shuffle is a permutation derived from a secret seed, never the identity, so neither the
page nor the order reveals the key. Answers index into the shuffled list; ``to_canonical``
maps them back before grading.
"""

import hashlib
import hmac
import random
from typing import Any

from quizapp.core.grading.base import QuestionType


def permutation(size: int, seed: str) -> list[int]:
    """A deterministic shuffle of ``range(size)``; never the identity when size >= 2."""
    # Not a finding (B311): a shuffle's order, seeded by secrets.
    rng = random.Random(hashlib.sha256(seed.encode("utf-8", "surrogatepass")).digest())  # nosec B311
    order = list(range(size))
    rng.shuffle(order)
    if size >= 2 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def seed_for(secret: str, *parts: object) -> str:
    """A seed a learner cannot recompute: an HMAC of ``parts`` under the app's secret."""
    message = ":".join(str(p) for p in parts).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def present(qtype: QuestionType, spec: dict, seed: str) -> tuple[dict[str, Any], list[int] | None]:
    """The public spec to show, and the permutation applied (None when nothing is shuffled)."""
    public = qtype.public_spec(spec)
    field = getattr(qtype, "shuffle_field", None)
    if field is None:
        return public, None
    order = permutation(len(public[field]), seed)
    public[field] = [public[field][i] for i in order]
    return public, order


def shown_order(qtype: QuestionType, spec: dict, seed: str) -> list[int] | None:
    """Just the permutation ``present`` would apply, without building the public spec."""
    field = getattr(qtype, "shuffle_field", None)
    if field is None:
        return None
    return permutation(len(qtype.public_spec(spec)[field]), seed)


def to_canonical(answer: Any, order: list[int] | None) -> Any:
    """Map an answer given against the shuffled list back to canonical indices.

    Anything that is not a valid shown index is passed through unchanged, so the grader still
    reports a malformed answer in its own words.
    """
    if order is None or not isinstance(answer, list):
        return answer
    return [
        order[j] if isinstance(j, int) and not isinstance(j, bool) and 0 <= j < len(order) else j
        for j in answer
    ]
