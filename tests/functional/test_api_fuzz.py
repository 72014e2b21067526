"""The API fuzzed from its own OpenAPI document (schemathesis, all its checks): for every
operation, generated requests (valid and not) never get a 5xx, and every response matches
the document. Signed in as a teacher (every operation is open to one), on the seeded data."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS, load_all_checks

from quizapp.auth.services import create_user, issue_token

EXAMPLES = 30


@pytest.mark.slow
def test_the_api_answers_every_generated_request_as_documented(app):
    with app.app_context():
        token = issue_token(create_user("fuzz-teacher", "kite river 42", "teacher"))
    # identity: the in-process client does not undo compression (tested in test_compression).
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    load_all_checks()
    checks = list(CHECKS.get_all())  # every check schemathesis has, not only its defaults
    assert len(checks) >= 14

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def fuzz(case):
            case.call_and_validate(headers=headers, checks=checks)

        fuzz()
