"""The registry: every type PRODUCT.md names, each complete; the module-level helpers."""

import ast
from pathlib import Path

import pytest

from quizapp.core import grading
from quizapp.core.grading import (
    QUESTION_TYPES,
    GradeResult,
    SpecError,
    UnknownQuestionType,
    get_type,
    grade,
    validate_spec,
)

from .samples import SPECS

#: The question types of PRODUCT.md, "Question types".
PRODUCT_TYPES = [
    "mcq",
    "multi",
    "true_false",
    "numeric",
    "short_answer",
    "cloze",
    "matching",
    "ordering",
    "translation",
]
METHODS = ("validate_spec", "grade", "public_spec", "correct_answer")


def test_every_product_type_is_registered():
    assert sorted(QUESTION_TYPES) == sorted(PRODUCT_TYPES)


@pytest.mark.parametrize("name", PRODUCT_TYPES)
def test_each_type_is_complete(name):
    question_type = get_type(name)
    assert question_type.name == name
    for method in METHODS:
        assert callable(getattr(question_type, method)), method


def test_unknown_type_in_validate_spec_is_one_error_at_type():
    assert validate_spec("essay", {}) == [SpecError("type", validate_spec("essay", {})[0].message)]
    assert "essay" in validate_spec("essay", {})[0].message
    assert [error.path for error in validate_spec(None, {})] == ["type"]
    assert [error.path for error in validate_spec(["mcq"], {})] == ["type"]


def test_a_spec_that_is_not_an_object():
    assert [error.path for error in validate_spec("mcq", "options")] == [""]


def test_unknown_type_in_get_type_and_grade_raises_lookup_error():
    with pytest.raises(UnknownQuestionType):
        get_type("essay")
    with pytest.raises(LookupError):
        grade("essay", {}, "answer")


@pytest.mark.parametrize("name", PRODUCT_TYPES)
def test_module_helpers_delegate(name):
    assert validate_spec(name, SPECS[name]) == []
    result = grade(name, SPECS[name], get_type(name).correct_answer(SPECS[name]))
    assert isinstance(result, GradeResult)
    assert result.score == 1 and result.correct and result.error is None


def test_no_branching_on_type_names():
    """Types are looked up, never compared: no `== "mcq"` anywhere in grading."""
    folder = Path(grading.__file__).parent
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                constants = [
                    part.value
                    for part in [node.left, *node.comparators]
                    if isinstance(part, ast.Constant)
                ]
                assert not set(constants) & set(PRODUCT_TYPES), f"{path.name}:{node.lineno}"
