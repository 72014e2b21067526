"""The small patch language of ``// quizapp: {…}`` comments in exported GIFT files.

GIFT holds one text per field; a quizapp question may hold two languages, evidence, a skill,
points…  On export the question is written as GIFT, read back, and the differences between
what was meant and what GIFT alone gives are written as a patch; on import the patch is applied
to what the GIFT text gives. A patch is JSON:

- an object merges into an object, key by key (a key not in the target is added);
- ``"$unset": [keys]`` inside an object removes those keys;
- ``{"$each": [patch, …]}`` patches a list element by element; when the lists' lengths differ
  (the GIFT text was edited) it is ignored, so the edit wins, and the caller is told;
- ``{"$set": value}`` replaces the target with ``value`` exactly;
- anything else (text, number, list, null) replaces the target.

Merging rather than replacing keeps hand edits of the GIFT text: if a teacher corrects the
Hindi option text, a patch that only adds the English text does not undo the correction.
"""

from typing import Any

_MISSING = object()


class PatchError(ValueError):
    """A patch that cannot be applied (malformed ``$unset``/``$each``, nested too deeply)."""


def make_patch(wanted: Any, got: Any) -> Any:
    """A patch turning ``got`` into ``wanted`` (``{}`` when they are already equal)."""
    patch = _diff(wanted, got)
    try:
        result, stale = apply_patch(got, patch)
    except PatchError:
        result, stale = _MISSING, ["?"]
    if stale or not _same(result, wanted):
        return {"$set": wanted}
    return patch


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same JSON kinds (``True`` is not ``1``, ``1`` is ``1.0``)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return (type(a) is type(b) and a == b) or (_is_number(a) and _is_number(b) and a == b)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _has_dollar_keys(value: Any) -> bool:
    if isinstance(value, dict):
        return any(str(k).startswith("$") or _has_dollar_keys(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_dollar_keys(item) for item in value)
    return False


def _value(wanted: Any) -> Any:
    """A patch that sets ``wanted`` whatever the target is."""
    if isinstance(wanted, dict):
        return {"$set": wanted}
    return wanted


def _diff(wanted: Any, got: Any) -> Any:
    if _same(wanted, got):
        return {}
    if (
        isinstance(wanted, dict)
        and isinstance(got, dict)
        and not _has_dollar_keys(wanted)
        and not any(str(k).startswith("$") for k in got)
    ):
        patch: dict[str, Any] = {}
        for key, value in wanted.items():
            if key not in got:
                patch[key] = _value(value)
            elif not _same(value, got[key]):
                patch[key] = _diff(value, got[key])
        removed = [key for key in got if key not in wanted]
        if removed:
            patch["$unset"] = removed
        return patch
    if (
        isinstance(wanted, list)
        and isinstance(got, list)
        and len(wanted) == len(got)
        and all(isinstance(item, dict) for item in wanted + got)
    ):
        return {"$each": [_diff(w, g) for w, g in zip(wanted, got, strict=True)]}
    return _value(wanted)


def is_empty(patch: Any) -> bool:
    """True for a patch that changes nothing."""
    return patch == {}


def apply_patch(target: Any, patch: Any, path: str = "") -> tuple[Any, list[str]]:
    """``target`` with ``patch`` applied (target untouched), and the paths of stale ``$each``."""
    stale: list[str] = []
    try:
        result = _apply(target, patch, path, stale)
    except RecursionError:
        raise PatchError("the quizapp comment is nested too deeply") from None
    return result, stale


def _apply(target: Any, patch: Any, path: str, stale: list[str]) -> Any:
    if not isinstance(patch, dict):
        return patch
    if "$set" in patch:
        if len(patch) != 1:
            raise PatchError(f"{path or 'the patch'}: '$set' must stand alone")
        return patch["$set"]
    if "$each" in patch:
        items = patch["$each"]
        if len(patch) != 1 or not isinstance(items, list):
            raise PatchError(f"{path or 'the patch'}: '$each' must stand alone, with a list")
        if not isinstance(target, list) or len(target) != len(items):
            stale.append(path)
            return target
        return [
            _apply(item, p, f"{path}[{i}]", stale)
            for i, (item, p) in enumerate(zip(target, items, strict=True))
        ]
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if key == "$unset":
            if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
                raise PatchError(f"{path or 'the patch'}: '$unset' must be a list of names")
            for name in value:
                result.pop(name, None)
            continue
        inner = f"{path}.{key}" if path else key
        result[key] = _apply(result.get(key, _MISSING), value, inner, stale)
    return result
