"""The OpenAPI 3.1 document for /api/v1, generated rather than written by hand.

Each operation is listed once below — method, path as routes.py declares it, request model,
response model per status, who may call it — and the schemas come from the pydantic models in
schemas.py, whose JSON Schema (draft 2020-12) is what OpenAPI 3.1 uses as it is. The tests
check every API response they make against this document (tests/openapi_check.py), so a new
route or field is described here, in the models, or CI fails.
"""

import copy
import re
from functools import cache
from typing import Literal, NamedTuple

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from quizapp.api import schemas as s
from quizapp.security import MAX_ID

REF_TEMPLATE = "#/components/schemas/{model}"


class Reply(NamedTuple):
    """One documented response: what it means, its body's model (None: no body), headers."""

    description: str
    model: type[BaseModel] | None = None
    #: (name, description) of each header worth knowing.
    headers: tuple[tuple[str, str], ...] = ()


class Query(NamedTuple):
    """A query-string parameter."""

    name: str
    description: str
    schema: dict


class Operation(NamedTuple):
    """One method on one path."""

    method: str
    #: As routes.py declares it (``/attempts/<int:attempt_id>``); int converters give integers.
    path: str
    operation_id: str
    summary: str
    tag: str
    responses: dict[int, Reply]
    request: type[s.Request] | None = None
    #: "none": no token is looked at; "optional": a token shows more (one's own drafts).
    auth: Literal["none", "optional", "required"] = "required"
    query: tuple[Query, ...] = ()
    #: A request body that is no model (a file): media type → schema.
    body: dict[str, dict] | None = None


BAD_TOKEN = Reply("The bearer token is missing, malformed, revoked or unknown.", s.Error)
NOT_FOUND = Reply("Not found, or not the caller's.", s.Error)
BAD_BODY = Reply("The body is not JSON or not as described; `details` lists each field.", s.Error)
NOT_MODIFIED = Reply("Not modified: the If-None-Match header holds the current ETag.")
ETAG = (("ETag", "Send it back in If-None-Match to get a 304 while nothing has changed."),)
NOT_TEACHER = Reply("Not a teacher.", s.Error)
NOT_YOURS = Reply(
    "Not a teacher, or not the caller's to change: another's published passage, question or "
    "set (copy it to change it).",
    s.Error,
)
INVALID = Reply(
    "The values break a rule (a question type's, a setting's, evidence not in the passage); "
    "`details` lists each problem with its location.",
    s.Error,
)
#: Bank files as the import takes them: the JSON or GIFT text itself, or an uploaded file.
BANK_FILE = {
    "application/json": {"type": "object", "description": "A bank-JSON file."},
    "text/plain": {"type": "string", "description": "A Moodle GIFT (or bank-JSON) file."},
    "multipart/form-data": {
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}},
        "required": ["file"],
    },
}

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "get", "/passages", "listPassages", "List the passages", "passages",
        {200: Reply("The passages, without their text.", s.PassageList)},
        auth="none",
    ),
    Operation(
        "get", "/passages/<slug>", "getPassage",
        "One passage: aligned sentences by paragraph, and its glossary", "passages",
        {
            200: Reply("The passage (a draft only for its teacher, with their token).",
                       s.PassageDetail, ETAG),
            304: NOT_MODIFIED,
            401: BAD_TOKEN,
            404: Reply("No such passage.", s.Error),
        },
        auth="optional",
    ),
    Operation(
        "post", "/passages", "createPassage",
        "A draft passage from pasted Hindi and English, split and aligned (teachers)",
        "authoring",
        {
            201: Reply("The draft, with links to check, glossary suggestions and warnings.",
                       s.NewPassage),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            422: INVALID,
        },
        request=s.PassageRequest,
    ),
    Operation(
        "patch", "/passages/<slug>", "updatePassage",
        "Change a passage's title, reviewed text, glossary or status (its teacher)", "authoring",
        {
            200: Reply("The passage as changed.", s.PassageDetail),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: NOT_YOURS,
            404: NOT_FOUND,
            409: Reply("Questions cite sentences the new text removes, or published sets use "
                       "the passage that would be hidden.", s.Error),
            422: INVALID,
        },
        request=s.PassagePatch,
    ),
    Operation(
        "post", "/passages/<slug>/drafts", "proposeDrafts",
        "Questions proposed from a passage's text and glossary (not stored)", "authoring",
        {
            200: Reply("Bank-JSON questions to keep, edit or drop.", s.DraftQuestions),
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: NOT_FOUND,
        },
        query=(Query("seed", "Another seed draws other distractors and orders.",
                     {"type": "string", "maxLength": 100}),),
    ),
    Operation(
        "post", "/questions", "createQuestion",
        "A new draft question from a bank-JSON question (teachers)", "authoring",
        {
            201: Reply("The question.", s.AuthoredQuestion),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: Reply("No such passage, or not one the caller may see.", s.Error),
            422: INVALID,
        },
        request=s.QuestionRequest,
    ),
    Operation(
        "get", "/questions/<int:question_id>", "getQuestion",
        "A question with its answer key: the teacher's own, or a published one", "authoring",
        {
            200: Reply("The question.", s.AuthoredQuestion),
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: NOT_FOUND,
        },
    ),
    Operation(
        "patch", "/questions/<int:question_id>", "updateQuestion",
        "Change a question (its teacher); it is checked again as a whole", "authoring",
        {
            200: Reply("The question as changed.", s.AuthoredQuestion),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: Reply("Not a teacher, not the caller's (copy it), or archived.", s.Error),
            404: NOT_FOUND,
            422: INVALID,
        },
        request=s.QuestionPatch,
    ),
    Operation(
        "delete", "/questions/<int:question_id>", "deleteQuestion",
        "Delete a question, or archive it if someone answered it", "authoring",
        {
            200: Reply("Deleted, or archived (results keep it).", s.DeletedQuestion),
            401: BAD_TOKEN,
            403: NOT_YOURS,
            404: NOT_FOUND,
            409: Reply("It is in a published set: unpublish the set or remove it first.",
                       s.Error),
        },
    ),
    Operation(
        "post", "/questions/<int:question_id>/copy", "copyQuestion",
        "A draft copy of a question: a new id, its origin remembered", "authoring",
        {
            201: Reply("The copy.", s.AuthoredQuestion),
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: NOT_FOUND,
        },
    ),
    Operation(
        "post", "/question-sets", "createQuestionSet",
        "A new draft set of questions, in order, with its settings (teachers)", "authoring",
        {
            201: Reply("The set.", s.AuthoredSet),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: Reply("A question or the passage does not exist or is not the caller's to use.",
                       s.Error),
            422: INVALID,
        },
        request=s.QuestionSetRequest,
    ),
    Operation(
        "patch", "/question-sets/<int:set_id>", "updateQuestionSet",
        "Change a set: title, passage, questions and order, settings, publish or unpublish",
        "authoring",
        {
            200: Reply("The set as changed.", s.AuthoredSet),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: NOT_YOURS,
            404: NOT_FOUND,
            422: INVALID,
        },
        request=s.QuestionSetPatch,
    ),
    Operation(
        "post", "/question-sets/<int:set_id>/copy", "copyQuestionSet",
        "A draft copy of a set with copies of its questions (how a seeded set is changed)",
        "authoring",
        {
            201: Reply("The copy.", s.AuthoredSet),
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: NOT_FOUND,
        },
    ),
    Operation(
        "post", "/banks/import", "importBank",
        "Import a bank file (JSON or GIFT) as the caller's drafts, whole or not at all",
        "authoring",
        {
            200: Reply("What was imported (or would be, in a dry run).", s.ImportSummary),
            400: Reply("No file, or a bad dry_run.", s.Error),
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            413: Reply("Larger than the server takes.", s.Error),
            422: Reply("The file has errors (each with its line or path in `details`); "
                       "nothing was imported.", s.Error),
        },
        query=(Query("dry_run", "1: say what would be imported, and write nothing.",
                     {"type": "boolean"}),),
        body=BANK_FILE,
    ),
    Operation(
        "get", "/banks/export", "exportBank",
        "The caller's own questions, or a set they may see, as a bank file", "authoring",
        {
            200: Reply("The file.", s.BankExport),
            400: Reply("An unknown format or a bad set_id.", s.Error),
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: NOT_FOUND,
        },
        query=(
            Query("format", "json (default) or gift.", {"enum": ["json", "gift"]}),
            Query("set_id", "One set, its questions in order.",
                  {"type": "integer", "minimum": 1, "maximum": MAX_ID}),
        ),
    ),
    Operation(
        "post", "/tokens", "createToken",
        "Exchange a username and password for a bearer token", "auth",
        {
            201: Reply("A new token.", s.Token),
            400: BAD_BODY,
            401: Reply("Wrong username or password.", s.Error),
            429: Reply(
                "Too many wrong passwords for this account in a row: no password is checked "
                "until the Retry-After time has passed.",
                s.Error,
                (("Retry-After", "Seconds to wait."),),
            ),
        },
        request=s.TokenRequest,
        auth="none",
    ),
    Operation(
        "get", "/tokens", "listTokens",
        "The caller's API tokens, revoked ones included, newest first", "auth",
        {200: Reply("The tokens.", s.TokenList), 401: BAD_TOKEN},
    ),
    Operation(
        "delete", "/tokens/<int:token_id>", "revokeToken",
        "Revoke one of the caller's tokens; it stops working at once", "auth",
        {200: Reply("The revoked token.", s.TokenInfo), 401: BAD_TOKEN, 404: NOT_FOUND},
    ),
    Operation(
        "get", "/question-sets", "listQuestionSets", "Question sets the caller may see",
        "questions",
        {200: Reply("Published sets, plus the caller's own drafts.", s.QuestionSetList),
         401: BAD_TOKEN},
        auth="optional",
    ),
    Operation(
        "get", "/question-sets/<int:set_id>", "getQuestionSet",
        "One set with its questions, without answer keys", "questions",
        {200: Reply("The set.", s.QuestionSetDetail), 401: BAD_TOKEN, 404: NOT_FOUND},
        auth="optional",
    ),
    Operation(
        "post", "/questions/<int:question_id>/preview", "previewAnswer",
        "Grade an answer without recording it (teachers)", "questions",
        {
            200: Reply("The grading.", s.GradeResult),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: Reply("Not a teacher.", s.Error),
            404: NOT_FOUND,
        },
        request=s.PreviewRequest,
    ),
    Operation(
        "post", "/question-sets/<int:set_id>/attempts", "startAttempt",
        "Start an attempt, or resume the caller's attempt in progress", "attempts",
        {
            201: Reply("A new attempt.", s.Attempt),
            200: Reply("The attempt in progress.", s.Attempt),
            400: Reply("The set has no questions yet (a teacher's draft).", s.Error),
            401: BAD_TOKEN,
            403: Reply("No attempts left.", s.Error),
            404: NOT_FOUND,
        },
    ),
    Operation(
        "get", "/attempts/<int:attempt_id>", "getAttempt",
        "State, saved answers, and results once submitted", "attempts",
        {
            200: Reply("The attempt.", s.Attempt),
            304: NOT_MODIFIED,
            401: BAD_TOKEN,
            404: NOT_FOUND,
        },
    ),
    Operation(
        "put", "/attempts/<int:attempt_id>/answers/<int:question_id>", "saveAnswer",
        "Autosave one answer", "attempts",
        {
            200: Reply("Saved.", s.AnswerSaved),
            400: BAD_BODY,
            401: BAD_TOKEN,
            404: NOT_FOUND,
            409: Reply(
                "The attempt is finished (or its time ran out), or the answer was checked.",
                s.Error,
            ),
            422: Reply("The answer has the wrong shape for its question.", s.Error),
        },
        request=s.AnswerRequest,
    ),
    Operation(
        "post", "/attempts/<int:attempt_id>/questions/<int:question_id>/check", "checkAnswer",
        "Check one saved answer now and lock it (sets with immediate feedback)", "attempts",
        {
            200: Reply("The question's result, as stored (checking again returns it).",
                       s.QuestionResult),
            401: BAD_TOKEN,
            404: NOT_FOUND,
            409: Reply(
                "The set shows feedback after submitting, the question has no saved answer, "
                "or the attempt is finished.",
                s.Error,
            ),
        },
    ),
    Operation(
        "post", "/attempts/<int:attempt_id>/submit", "submitAttempt",
        "Grade and finish the attempt (a repeat submit changes nothing)", "attempts",
        {
            200: Reply("The finished attempt, without its questions.", s.AttemptResult),
            401: BAD_TOKEN,
            404: NOT_FOUND,
        },
    ),
    Operation(
        "get", "/me/words", "getMyWords",
        "The caller's word list (My words), newest first, with each card's schedule", "words",
        {200: Reply("The words.", s.MyWords), 401: BAD_TOKEN},
    ),
    Operation(
        "get", "/me/progress", "getMyProgress",
        "The caller's progress: history, skills, mastery, streak, time", "progress",
        {200: Reply("The progress.", s.Progress), 401: BAD_TOKEN},
    ),
    # Live lessons (teacher-paced). The pages' script signs in with the session cookie, and
    # sends its CSRF token in X-CSRFToken on writes.
    Operation(
        "post", "/classes/<int:class_id>/live", "startLive",
        "Start a live lesson of a published set for the caller's class", "live",
        {
            201: Reply("Started: waiting for the first question.", s.LiveStarted),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: Reply("No such class of the caller's, or no such set.", s.Error),
            409: Reply("The set is a draft or has no questions, or the class is archived.",
                       s.Error),
        },
        request=s.LiveStartRequest,
    ),
    Operation(
        "post", "/live/<int:run_id>/open", "openLiveQuestion",
        "Open the next question (or the one at index): it takes answers until closed", "live",
        {
            200: Reply("The lesson as the teacher sees it.", s.LiveState, ETAG),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: Reply("A learner of the class: only the teacher runs it.", s.Error),
            404: NOT_FOUND,
            409: Reply("A question is open already, the last one was done, or it finished.",
                       s.Error),
            422: Reply("No question at that index.", s.Error),
        },
        request=s.LiveOpenRequest,
    ),
    Operation(
        "post", "/live/<int:run_id>/close", "closeLiveQuestion",
        "Close the open question: the histogram and the right answer show", "live",
        {
            200: Reply("The lesson as the teacher sees it.", s.LiveState, ETAG),
            401: BAD_TOKEN,
            403: Reply("A learner of the class: only the teacher runs it.", s.Error),
            404: NOT_FOUND,
            409: Reply("No question is open.", s.Error),
        },
    ),
    Operation(
        "post", "/live/<int:run_id>/finish", "finishLive", "End the live lesson", "live",
        {
            200: Reply("The lesson as the teacher sees it.", s.LiveState, ETAG),
            401: BAD_TOKEN,
            403: Reply("A learner of the class: only the teacher runs it.", s.Error),
            404: NOT_FOUND,
            409: Reply("It finished already.", s.Error),
        },
    ),
    Operation(
        "get", "/live/<int:run_id>", "getLive",
        "The live lesson as the caller sees it (poll with If-None-Match)", "live",
        {
            200: Reply("The teacher's or a learner's view.", s.LiveState, ETAG),
            304: NOT_MODIFIED,
            401: BAD_TOKEN,
            404: Reply("No such lesson, or not the caller's class.", s.Error),
        },
    ),
    Operation(
        "put", "/live/<int:run_id>/answer", "answerLive",
        "Answer the open question (learners of the class; the last answer counts)", "live",
        {
            200: Reply("Stored.", s.LiveAnswerSaved),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: Reply("The class's teacher: learners answer.", s.Error),
            404: NOT_FOUND,
            409: Reply("No question is open, or that is not the open one.", s.Error),
            422: Reply("The answer has the wrong shape for its question.", s.Error),
        },
        request=s.LiveAnswerRequest,
    ),
    # Classes
    Operation(
        "post", "/classes", "createClass", "A new class with a join code (teachers)", "classes",
        {
            201: Reply("The class, with its code and join link.", s.ClassOut),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            422: Reply("The name is blank or the time zone is not an IANA one.", s.Error),
        },
        request=s.ClassRequest,
    ),
    Operation(
        "get", "/classes", "listClasses",
        "A teacher's own classes (not archived), or the classes a learner is in", "classes",
        {200: Reply("The classes.", s.ClassList), 401: BAD_TOKEN},
    ),
    Operation(
        "get", "/classes/<int:class_id>", "getClass",
        "One class: its teacher (or an admin) gets its learners too", "classes",
        {
            200: Reply("The class.", s.ClassOut),
            401: BAD_TOKEN,
            404: Reply("No such class, or not the caller's (nor one they are in).", s.Error),
        },
    ),
    Operation(
        "post", "/classes/join", "joinClass", "Join a class by its code (learners)", "classes",
        {
            200: Reply("In the class (joining twice changes nothing).", s.JoinedClass),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: Reply("Teachers and admins cannot join as learners.", s.Error),
            404: Reply("No class has that code, or it is not a code.", s.Error),
            409: Reply("The class is archived and takes no new learners.", s.Error),
            429: Reply("Too many codes tried just now.", s.Error,
                       (("Retry-After", "Seconds until a code may be tried again."),)),
        },
        request=s.JoinRequest,
    ),
    Operation(
        "delete", "/classes/<int:class_id>/members/<int:user_id>", "removeClassMember",
        "Take a learner out of a class (its teacher); their account and work stay", "classes",
        {
            204: Reply("Removed."),
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: Reply("No such class of the caller's, or no such learner in it.", s.Error),
        },
    ),
    # Assignments and the gradebook (quizapp/api/assignments.py)
    Operation(
        "post", "/classes/<int:class_id>/assignments", "createAssignment",
        "Give a question set to a class, with optional open and due dates", "assignments",
        {
            201: Reply("The assignment (dates with the class's offset).", s.AssignmentInfo),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: Reply("Not the caller's class, or no published set of theirs (or the "
                       "system's) with that id.", s.Error),
            409: Reply("The set is assigned to the class already.", s.Error),
            422: Reply("A date cannot be read (ISO 8601, years 2000-2999), or the due date "
                       "is not after the open date.", s.Error),
        },
        request=s.AssignmentRequest,
    ),
    Operation(
        "get", "/classes/<int:class_id>/assignments", "listAssignments",
        "A class's assignments, soonest due first (its teacher)", "assignments",
        {200: Reply("The assignments.", s.AssignmentList), 401: BAD_TOKEN, 403: NOT_TEACHER,
         404: NOT_FOUND},
    ),
    Operation(
        "delete", "/classes/<int:class_id>/assignments/<int:assignment_id>", "deleteAssignment",
        "Take an assignment off a class (attempts stay)", "assignments",
        {204: Reply("Removed."), 401: BAD_TOKEN, 403: NOT_TEACHER, 404: NOT_FOUND},
    ),
    Operation(
        "get", "/classes/<int:class_id>/gradebook", "getGradebook",
        "Learners x assignments: best score, attempts, late marks (its teacher)", "assignments",
        {
            200: Reply("The gradebook; with format=csv the same as a spreadsheet file "
                       "(text/csv, UTF-8 with BOM).", s.Gradebook),
            400: Reply("format is neither json nor csv.", s.Error),
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: NOT_FOUND,
        },
        query=(Query("format", "json (the default) or csv.",
                     {"type": "string", "enum": ["json", "csv"]}),),
    ),
    Operation(
        "get", "/me/assignments", "getMyAssignments",
        "The caller's assignments across their classes, with a status each", "assignments",
        {200: Reply("The assignments.", s.MyAssignments), 401: BAD_TOKEN},
    ),
    # Item analysis and regrading.
    Operation(
        "get", "/question-sets/<int:set_id>/item-analysis", "getItemAnalysis",
        "Moodle's statistics of a set's questions over the attempts the caller may see "
        "(teachers: the set's owner all, others their classes' learners)", "analysis",
        {
            200: Reply("The set's and each question's figures, options, wrong typed answers "
                       "and flags.", s.ItemAnalysisOut),
            400: Reply("attempts is neither first nor all.", s.Error),
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: NOT_FOUND,
        },
        query=(
            Query("class_id", "Only the learners of this class of the caller's.",
                  {"type": "integer"}),
            Query("attempts", "first (each learner's first attempt, the default) or all.",
                  {"type": "string", "enum": ["first", "all"]}),
        ),
    ),
    Operation(
        "put", "/attempts/<int:attempt_id>/answers/<int:question_id>/override", "overrideAnswer",
        "A teacher's score (0..1) and note for one typed answer of a finished attempt",
        "analysis",
        {
            200: Reply("The answer as changed and the attempt's new total.", s.OverriddenAnswer),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: NOT_TEACHER,
            404: NOT_FOUND,
            409: Reply("The attempt is not finished, or the question's answer is not typed.",
                       s.Error),
            422: INVALID,
        },
        request=s.OverrideRequest,
    ),
    Operation(
        "post", "/questions/<int:question_id>/accept", "acceptAnswer",
        "Accept a typed answer for everyone: it joins the question's accepted answers and "
        "every finished attempt is regraded (teachers' overrides stand)", "analysis",
        {
            200: Reply("How many answers were regraded and changed.", s.AcceptResult),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: NOT_YOURS,
            404: NOT_FOUND,
            409: Reply("Not a short-answer, translation or cloze question.", s.Error),
            422: INVALID,
        },
        request=s.AcceptRequest,
    ),
)  # fmt: skip

SECURITY = {"none": [], "optional": [{}, {"bearer": []}], "required": [{"bearer": []}]}
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


class _Generator(GenerateJsonSchema):
    """Pydantic's JSON Schema without a title on every property (the names say it)."""

    def field_title_should_be_set(self, schema) -> bool:
        return False


def _json(model: type[BaseModel]) -> dict:
    return {"application/json": {"schema": {"$ref": REF_TEMPLATE.format(model=model.__name__)}}}


def _operation(op: Operation) -> dict:
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer" if converter == "int" else "string"},
        }
        for converter, name in PARAMETER.findall(op.path)
    ]
    parameters += [
        {"name": q.name, "in": "query", "description": q.description, "schema": q.schema}
        for q in op.query
    ]
    body: dict = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": [op.tag],
        "security": SECURITY[op.auth],
    }
    if parameters:
        body["parameters"] = parameters
    if op.request is not None:
        body["requestBody"] = {"required": True, "content": _json(op.request)}
    elif op.body is not None:
        content = {media: {"schema": schema} for media, schema in op.body.items()}
        body["requestBody"] = {"required": True, "content": content}
    body["responses"] = {str(status): _response(reply) for status, reply in op.responses.items()}
    return body


def _response(reply: Reply) -> dict:
    response: dict = {"description": reply.description}
    if reply.headers:
        response["headers"] = {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in reply.headers
        }
    if reply.model is not None:
        response["content"] = _json(reply.model)
    return response


def _schemas() -> dict[str, dict]:
    """Every model an operation uses, and the models they use, by name."""
    models = {op.request for op in OPERATIONS if op.request is not None}
    models |= {r.model for op in OPERATIONS for r in op.responses.values() if r.model is not None}
    _, top = models_json_schema(
        [(model, "validation") for model in sorted(models, key=lambda m: m.__name__)],
        ref_template=REF_TEMPLATE,
        schema_generator=_Generator,
    )
    return dict(sorted(top["$defs"].items()))


@cache
def _document() -> dict:
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        template = PARAMETER.sub(r"{\2}", op.path)
        paths.setdefault(template, {})[op.method] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "quizapp API",
            "version": "1.0.0",
            "description": "Bilingual Hindi/English reading passages and quizzes. Errors are "
            "JSON objects with `error` and `message`, and `details` for some.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def openapi_document(server_url: str = "/api/v1") -> dict:
    """The whole document, a fresh copy each call: callers may change theirs freely."""
    document = copy.deepcopy(_document())
    document["servers"] = [{"url": server_url}]
    return document
