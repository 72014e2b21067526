"""Property tests: grading and spec checks never raise, whatever JSON they are handed."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.grading import GradeResult, SpecError, get_type, validate_spec

from .samples import RICH_SPECS, SPECS

TYPES = sorted(SPECS)
#: Every sample spec, with those using weights, credits and feedback per answer.
CASES = [*SPECS.items(), *RICH_SPECS.items()]

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-3, max_value=8)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["८", "8", "समकक्ष", "counterpart", "शिखर वार्ता", "", " ", "x" * 5001])
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
#: Answers close to the expected shapes, to reach past the first shape check.
near_shapes = (
    st.lists(st.integers(min_value=-1, max_value=5) | st.none(), max_size=6)
    | st.permutations([0, 1, 2, 3])
    | st.lists(st.text(max_size=12), min_size=2, max_size=2)
)
answers = json_values | near_shapes


def check_result(result: GradeResult) -> None:
    assert isinstance(result, GradeResult)
    assert 0 <= result.score <= 1 and not math.isnan(result.score)
    assert result.feedback.en.strip() and result.feedback.hi.strip()
    if result.error is not None:
        assert result.score == 0 and not result.correct
    if result.correct:
        assert result.score == 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(CASES), answer=answers)
def test_grade_never_raises(case, answer):
    name, spec = case
    check_result(get_type(name).grade(spec, answer))


@st.composite
def mutated_specs(draw):
    """A valid spec with one value somewhere inside replaced by arbitrary JSON."""
    name, spec = draw(st.sampled_from(CASES))

    def mutate(value):
        if isinstance(value, dict) and value and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(value)))
            return {**value, key: mutate(value[key])}
        if isinstance(value, list) and value and draw(st.booleans()):
            index = draw(st.integers(0, len(value) - 1))
            return [*value[:index], mutate(value[index]), *value[index + 1 :]]
        return draw(json_values)

    return name, mutate(spec)


@settings(max_examples=300, deadline=None)
@given(case=mutated_specs())
def test_validate_spec_never_raises_on_mutated_specs(case):
    name, spec = case
    errors = validate_spec(name, spec)
    assert all(isinstance(error, SpecError) for error in errors)
    if not errors:
        check_result(get_type(name).grade(spec, get_type(name).correct_answer(spec)))


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(TYPES), spec=json_values)
def test_validate_spec_never_raises_on_arbitrary_json(name, spec):
    assert all(isinstance(error, SpecError) for error in validate_spec(name, spec))
