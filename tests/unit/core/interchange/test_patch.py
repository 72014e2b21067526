"""The patch language of ``// quizapp:`` comments: made from a difference, applied back."""

import pytest

from quizapp.core.interchange.patch import PatchError, apply_patch, make_patch

CASES = [
    pytest.param({"a": 1}, {"a": 1}, {}, id="equal"),
    pytest.param({"a": 1, "b": 2}, {"a": 1}, {"b": 2}, id="added-key"),
    pytest.param({"a": 1}, {"a": 1, "b": 2}, {"$unset": ["b"]}, id="removed-key"),
    pytest.param(
        {"p": {"hi": "क", "en": "k"}}, {"p": {"hi": "क"}}, {"p": {"en": "k"}}, id="merge-nested"
    ),
    pytest.param(
        {"o": [{"hi": "क", "en": "k"}, {"en": "x"}]},
        {"o": [{"hi": "क"}, {"en": "x"}]},
        {"o": {"$each": [{"en": "k"}, {}]}},
        id="each-element",
    ),
    pytest.param({"o": [1, 2]}, {"o": [1]}, {"o": [1, 2]}, id="list-replaced"),
    pytest.param({"l": {"hi": "क"}}, {"l": "क"}, {"l": {"$set": {"hi": "क"}}}, id="set-object"),
    pytest.param({"c": None}, {}, {"c": None}, id="explicit-null-kept"),
    pytest.param({"w": True}, {"w": 1}, {"w": True}, id="bool-is-not-int"),
    pytest.param({"w": 1.0}, {"w": 1}, {}, id="int-equals-float"),
    pytest.param({"$x": 1}, {"y": 2}, {"$set": {"$x": 1}}, id="dollar-keys-set-whole"),
]


@pytest.mark.parametrize(("wanted", "got", "patch"), CASES)
def test_make_and_apply(wanted, got, patch):
    assert make_patch(wanted, got) == patch
    result, stale = apply_patch(got, patch)
    assert result == wanted
    assert stale == []


def test_each_on_a_list_of_another_length_is_stale_and_skipped():
    result, stale = apply_patch({"o": [{"hi": "क"}]}, {"o": {"$each": [{}, {"en": "x"}]}})
    assert result == {"o": [{"hi": "क"}]}
    assert stale == ["o"]


def test_apply_leaves_the_target_untouched():
    target = {"p": {"hi": "क"}}
    apply_patch(target, {"p": {"en": "k"}})
    assert target == {"p": {"hi": "क"}}


@pytest.mark.parametrize(
    "patch",
    [{"$unset": "a"}, {"$each": [], "x": 1}, {"a": {"$set": 1, "b": 2}}, {"$each": "ab"}],
)
def test_malformed_patches(patch):
    with pytest.raises(PatchError):
        apply_patch({"a": [1]}, patch)
