"""Every body /api/v1 accepts or returns, as pydantic models: the one place its shapes are said.

openapi.py builds the OpenAPI document from these models, and the test client checks every API
response of the test suite against that document, so a serializer and its model cannot drift
apart unnoticed. Only request bodies are validated through the models at run time; responses
are built by the serializers, which are faster, and checked in the tests.

Response models leave ``additionalProperties`` out so that the published document lets fields be
added (PRODUCT.md: "extend freely"); the tests' checker treats them as closed, so a field the
API sends must be described here first. Enums come from where the values are defined: question
types from the grading registry, the other closed sets of values from the models' constants.
"""

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
)

from quizapp.attempts.models import STATES
from quizapp.authoring.services import MAX_GLOSSARY_ENTRIES, MAX_PASTE_CHARS, MAX_SENTENCES
from quizapp.classrooms.models import LIVE_STATES
from quizapp.classrooms.services import time_zones
from quizapp.core.grading import QUESTION_TYPES, SKILLS
from quizapp.core.progress import LEVELS
from quizapp.exceptions import DomainError

# Skills move into the grading registry next; this import follows them there.
from quizapp.questions.models import (
    FEEDBACK_DETAILS,
    FEEDBACK_TIMINGS,
    PROMPT_LANGUAGES,
    QUESTION_STATUSES,
    STATUSES,
)
from quizapp.security import MAX_ID
from quizapp.words.models import DIRECTIONS, SOURCES

# Literal[a_tuple] is Literal[*a_tuple]: each enum is the registry's or the model's own tuple.
QuestionTypeName = Literal[tuple(QUESTION_TYPES)]
Skill = Literal[tuple(SKILLS)]
Level = Literal[LEVELS]
#: 0..100, one decimal; null when there is nothing to count.
Percent = Annotated[float, Field(ge=0, le=100)] | None


def _absent(description: str, *, schema_extra: dict | None = None, **constraints) -> Any:
    """A field the API leaves out (rather than sending null) when it does not apply (in a
    request: a field that may be left out)."""

    def document(schema: dict) -> None:
        schema.pop("default", None)
        schema.update(schema_extra or {})

    return Field(default=None, description=description, json_schema_extra=document, **constraints)


class Response(BaseModel):
    """Base of the response shapes (documentation only: serializers build the JSON)."""


# ---- Requests ----------------------------------------------------------------------------------


class Request(BaseModel):
    """A JSON request body; ``parse_body`` turns a bad one into a 400 with each field's error."""

    model_config = ConfigDict(strict=True)

    #: The message of the 400, and replacements for it by pydantic error type.
    invalid_message: ClassVar[str] = "The request body is not as expected."
    messages_by_error: ClassVar[dict[str, str]] = {}


class TokenRequest(Request):
    """A username and password to exchange for a bearer token."""

    invalid_message = "Give username and password as strings."
    messages_by_error = {"string_too_long": "Username or password is too long."}

    username: str = Field(max_length=200)
    password: str = Field(max_length=1000)
    name: str = Field(default="api", description="A label for the token (first 80 characters).")


class AnswerRequest(Request):
    """An answer to autosave."""

    invalid_message = 'Give the answer as {"answer": ...}.'

    answer: Any = Field(
        description="In the question type's shape: an option's canonical index, as the "
        "option's `index` gives it (mcq); a list of those (multi); true or false; a number "
        "or numeric string, Devanagari digits too (numeric); a string (short_answer, "
        "translation); a list of strings, one per blank (cloze); for matching and ordering, "
        "indices into the lists as the attempt shows them. null clears the answer.",
        examples=[1, [0, 2], True, "८", ["वार्ता"], [2, 0, 1]],
    )


class PreviewRequest(Request):
    """An answer to grade without recording it."""

    invalid_message = 'Give the answer to try as {"answer": ...}.'

    answer: Any = Field(description="An answer in the question type's shape.")


RequestT = TypeVar("RequestT", bound=Request)


def field_errors(error: ValidationError) -> list[dict]:
    """Pydantic's errors as the API's ``details``: where, what, and a machine-readable type."""
    return [
        {
            "location": ".".join(str(part) for part in item["loc"]) or "body",
            "message": item["msg"],
            "type": item["type"],
        }
        for item in error.errors(include_url=False, include_input=False)
    ]


def parse_body(model: type[RequestT], body: dict) -> RequestT:
    """``body`` as ``model``; a DomainError (400) listing every field error if it is not one.

    Cheap enough for the autosave, the app's hottest request: 1.0 µs for ``{"answer": [2, 0,
    1]}`` against 0.05 µs for the ``"answer" in body`` test it replaced (measured 2026-12, one
    core); ``answer`` is ``Any``, so a long answer costs no more.
    """
    try:
        return model.model_validate(body)
    except ValidationError as error:
        details = field_errors(error)
        messages = [model.messages_by_error.get(d["type"]) for d in details]
        message = next((m for m in messages if m), model.invalid_message)
        raise DomainError(message, details=details) from None


# ---- Shared pieces -----------------------------------------------------------------------------


class Error(Response):
    """Every error: a short name, a message for people, and details for some."""

    error: str = Field(examples=["Not Found"])
    message: str
    details: list[dict[str, Any]] = _absent(
        "Structured detail when there is some: each field's error of a bad request body "
        "({location, message, type}), an import's line-numbered problems, a rejected answer's "
        "explanation in both languages."
    )


class Localised(Response):
    """A text in Hindi and in English."""

    hi: str
    en: str


class English(Response):
    """A text in English only."""

    en: str


class SomeLanguages(Response):
    """A text in Hindi, English or both."""

    hi: str = _absent("Hindi.")
    en: str = _absent("English.")


# ---- Passages ----------------------------------------------------------------------------------


class PassageSummary(Response):
    """A passage in a list: ids, titles, level and links."""

    slug: str = Field(examples=["blinken-lavrov-reykjavik"])
    title: Localised
    summary: Localised
    level: str = Field(description="Rough CEFR level of the Hindi text (A1..C2), or empty.")
    version: int = Field(ge=1, description="Bumped on every content change.")
    url: str = Field(description="This passage in the API.")
    reader_url: str = Field(description="This passage in the reader.")


class PassageList(Response):
    """The passages, without their text."""

    passages: list[PassageSummary]


class Sentence(Response):
    """One Hindi sentence with its aligned English translation."""

    id: str = Field(
        pattern="^p[0-9]+s[0-9]+$",
        description="Stable id, p{paragraph}s{sentence}; questions cite it.",
    )
    hi: str = Field(description="The Hindi sentence, NFC, as published.")
    en: str = Field(description="Its English translation.")
    roman: str = Field(description="Hindi-style romanisation.")
    needs_review: bool = _absent(
        "In a passage just created only: the aligner's link here is not one to one (a Hindi "
        "sentence without English, two joined, …): check it before publishing."
    )


class Paragraph(Response):
    """A paragraph's sentences in order."""

    number: int = Field(ge=1)
    sentences: list[Sentence]


class Romanised(Response):
    """A Hindi word or phrase and its romanisation."""

    hi: str
    roman: str


class GlossaryEntry(Response):
    """A useful word or phrase of the passage and the sentences it occurs in."""

    id: str = Field(description="ASCII key, unique within the passage.")
    lemma: Romanised = Field(description="The dictionary form.")
    forms: list[Romanised] = Field(description="Surface forms as they appear in the text.")
    pos: str = Field(description="Part of speech.")
    gender: Literal["m", "f"] | None = Field(description="For nouns; null otherwise.")
    meaning: English
    note: English | None = Field(description="A usage note, if there is one.")
    sentences: list[str] = Field(description="Ids of the sentences it occurs in.")


class PassageDetail(PassageSummary):
    """A whole passage: paragraphs of aligned sentences, and its glossary."""

    status: Literal[STATUSES] = Field(
        description="Drafts are seen by their teacher (and admins) only."
    )
    paragraphs: list[Paragraph]
    glossary: list[GlossaryEntry]


# ---- Tokens ------------------------------------------------------------------------------------


class Token(Response):
    """A new bearer token."""

    token: str = Field(description="Shown once; send as Authorization: Bearer <token>.")
    token_type: Literal["Bearer"]


class TokenInfo(Response):
    """A token as its owner sees it listed: never the token or its hash."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None = Field(description="Updated at most once a minute.")
    revoked_at: datetime | None


class TokenList(Response):
    """The caller's tokens, revoked ones included, newest first."""

    tokens: list[TokenInfo]


# ---- Question sets and questions ---------------------------------------------------------------


class SetSettings(Response):
    """How the set is taken."""

    prompt_language: Literal[PROMPT_LANGUAGES]
    shuffle: bool
    attempts_allowed: int | None = Field(ge=1, description="null: unlimited.")
    time_limit_minutes: int | None = Field(ge=1, description="null: no time limit.")
    feedback: Literal[FEEDBACK_TIMINGS] = Field(
        description="When correct answers and feedback show."
    )
    feedback_detail: Literal[FEEDBACK_DETAILS] = Field(
        description="What feedback shows: the score only, the correct answers too, or the "
        "explanations and evidence as well."
    )
    shuffle_options: bool = Field(
        description="mcq and multi options in each attempt's own order (unless a question "
        "fixes its order)."
    )
    one_per_page: bool = Field(description="One question per page, or all on one page.")


class QuestionSetSummary(Response):
    """A set in a list: titles, passage, size, skills and settings; nothing about answers."""

    id: int
    title: Localised
    passage: str | None = Field(description="The passage's slug.")
    status: Literal[STATUSES]
    question_count: int = Field(ge=0)
    points: float = Field(ge=0)
    skills: list[Skill] = Field(description="The skills its questions train, sorted.")
    settings: SetSettings


class QuestionSetList(Response):
    """Published sets, plus the caller's own drafts."""

    question_sets: list[QuestionSetSummary]


class ShownOption(SomeLanguages):
    """An mcq or multi option as a learner sees it: its text and its canonical index."""

    index: int = Field(ge=0, description="The option's canonical index: what an answer names.")


class LearnerQuestion(Response):
    """A question as a learner sees it before submitting: never an answer key.

    The type-specific public fields follow the common ones (more may come: the object is
    open). In an attempt, ordering ``items`` and matching ``right`` are in the attempt's own
    shuffled order, and answers index into the lists as shown. mcq and multi ``options`` are
    in the attempt's own shuffled order too (unless the question fixes their order), but
    answers name each option's canonical ``index``. Outside an attempt (a set's detail) each
    list is shuffled once per question, the same for every caller.
    """

    model_config = ConfigDict(extra="allow")

    id: int
    type: QuestionTypeName
    prompt: Localised
    skill: Skill | None
    points: float = Field(gt=0)
    options: list[ShownOption] = _absent(
        "mcq, multi: the options in the order shown (shuffled unless the question fixes it), "
        "each with its canonical index, which answers name."
    )
    text: dict[str, str] = _absent(
        "cloze: the text in one language, blanks written {{1}}, {{2}}, …", max_length=1
    )
    blanks: int = _absent("cloze: how many blanks.", ge=1)
    choices: list[list[str] | None] = _absent("cloze: a dropdown's options per blank, or null.")
    left: list[str | SomeLanguages] = _absent("matching: the left-hand items.")
    right: list[str | SomeLanguages] = _absent("matching: the right-hand items, shuffled.")
    items: list[str | SomeLanguages] = _absent("ordering: the items to put in order, shuffled.")
    source: dict[str, str] = _absent("translation: the sentence to translate.", max_length=1)
    target: Literal["hi", "en"] = _absent("translation: the language to translate into.")
    unit: SomeLanguages = _absent("numeric: the unit of the answer, if any.")


class QuestionSetDetail(QuestionSetSummary):
    """A set with its questions in order, as a learner may see it before answering."""

    questions: list[LearnerQuestion]


# ---- Grading and attempts ----------------------------------------------------------------------


class PartResult(Response):
    """How one part of an answer went (an option, a blank, a pair, an item)."""

    index: int = Field(ge=0)
    correct: bool
    score: float = Field(ge=0, le=1)
    near_miss: bool


class GradeResult(Response):
    """A grading: score 0..1, whether it is right, feedback in both languages."""

    score: float = Field(ge=0, le=1)
    correct: bool
    near_miss: bool = Field(description="Nearly right (a typo, a missing matra).")
    feedback: Localised
    error: Localised | None = Field(description="Set when the answer had the wrong shape.")
    parts: list[PartResult]


class QuestionResult(Response):
    """One question of a finished attempt: the answer, the key, feedback and evidence."""

    question_id: int
    score: float = Field(ge=0, le=1)
    points: float
    earned: float = Field(ge=0, description="score × points.")
    correct: bool
    near_miss: bool
    answer: Any = Field(
        description="The answer as given (for matching and ordering, indices into the lists "
        "as shown; for mcq and multi, canonical option indices); null if unanswered."
    )
    correct_answer: Any = Field(description="A correct answer, in the same shape as answer.")
    feedback: Localised
    explanation: Localised
    evidence: list[str] = Field(description="Ids of the sentences that hold the evidence.")


class AttemptBase(Response):
    """What every attempt response has."""

    id: int
    state: Literal[STATES]
    question_set_id: int
    retry_of: int | None = Field(description="The attempt this one retries the missed ones of.")
    started_at: datetime
    deadline_at: datetime | None = Field(description="When time runs out; null without a limit.")
    submitted_at: datetime | None
    finished_by: Literal["submitted", "expired"] | None = Field(
        description="By the learner, or by the server when time ran out; null while in progress."
    )
    answers: dict[str, Any] = Field(
        description="Saved answers by question id, as given (the shape of QuestionResult.answer)."
    )


class Attempt(AttemptBase):
    """An attempt: its questions as shown, saved answers, and the results once submitted."""

    questions: list[LearnerQuestion] = Field(description="In the order shown.")
    checked: list[QuestionResult] = _absent(
        "While in progress, in a set with immediate feedback: the result of each answer the "
        "learner checked (those answers are locked), in the order shown."
    )
    score: float = _absent("Once submitted: points earned.")
    max_score: float = _absent("Once submitted: points possible.")
    results: list[QuestionResult] | None = _absent(
        "Once submitted: per question, or null while the set's feedback setting hides them."
    )


class AttemptResult(AttemptBase):
    """A submitted attempt without its questions (the submitter has them): score and results."""

    state: Literal["submitted"]
    score: float
    max_score: float
    results: list[QuestionResult] | None = Field(
        description="Per question, or null while the set's feedback setting hides them."
    )


class AnswerSaved(Response):
    """The autosave went through; the answer survives a server crash from here on."""

    question_id: int
    saved_at: datetime


# ---- Progress ----------------------------------------------------------------------------------


class Thresholds(Response):
    """The mastery thresholds the levels use."""

    good: float
    mastered: float
    recent_attempts: int


class ProgressSummary(Response):
    """Counts and recent averages."""

    quizzes_finished: int
    retries_finished: int
    questions_answered: int
    average_of: int = Field(description="How many whole attempts each average spans.")
    recent_average: Percent
    previous_average: Percent


class HistoryPoint(Response):
    """One whole attempt in the score history."""

    attempt_id: int
    set_id: int
    title: Localised
    url: str | None = Field(description="The set's page; null if unavailable.")
    finished_at: datetime
    date: date
    percent: Percent


class SkillStat(Response):
    """How one skill is going."""

    skill: Skill
    questions: int
    earned: float
    possible: float
    percent: Percent
    level: Level


class SetMastery(Response):
    """How well the learner knows one set."""

    set_id: int
    title: Localised
    url: str | None = Field(description="The set's page; null if unavailable.")
    attempts: int
    percent: Percent = Field(description="Best of the recent whole attempts; null: not started.")
    level: Level
    last_percent: Percent
    last_finished_at: datetime | None


class PassageMastery(Response):
    """How well the learner knows one passage's quizzes."""

    passage: str | None = Field(description="Slug; null for sets without a passage.")
    title: Localised
    percent: float = Field(ge=0, le=100)
    level: Level
    sets: list[SetMastery]


class StreakDay(Response):
    """One day of the recent-days strip."""

    date: date
    active: bool


class Streak(Response):
    """Consecutive active days, in the caller's time zone."""

    current: int
    longest: int
    active_today: bool
    recent_days: int
    active_recent_days: int
    days: list[StreakDay] = Field(description="The recent days, oldest first, today last.")


class TimeSpent(Response):
    """Minutes in quizzes, each attempt capped."""

    total_minutes: float
    recent_days: int
    recent_minutes: float
    attempts: int


class SuggestedSet(Response):
    """A set to practise next."""

    set_id: int
    title: Localised
    url: str | None = Field(description="The set's page; null if unavailable.")
    questions: int
    percent: Percent
    level: Level


class PractiseNext(Response):
    """What to do next: the weakest skill's sets, or sets to get started with."""

    reason: Literal["weakest_skill", "get_started"]
    skill: Skill | None
    skill_percent: Percent
    untried: list[Skill]
    sets: list[SuggestedSet]


class Progress(Response):
    """The caller's progress from their finished attempts; definitions in
    quizapp/core/progress.py. Percents are 0..100, one decimal; days are in ``time_zone``."""

    today: date
    time_zone: str
    thresholds: Thresholds
    summary: ProgressSummary
    history: list[HistoryPoint] = Field(description="Whole attempts (not retries), oldest first.")
    skills: list[SkillStat] = Field(description="Every skill, always.")
    mastery: list[PassageMastery]
    streak: Streak
    time_spent: TimeSpent
    practise_next: PractiseNext


# ---- My words ----------------------------------------------------------------------------------


class WordCard(Response):
    """One direction of a word and its spaced-repetition (FSRS) schedule."""

    id: int
    direction: Literal[DIRECTIONS] = Field(
        description="hi_en: Hindi shown, English answered; en_hi the other way."
    )
    due: datetime
    last_review: datetime | None
    reps: int = Field(ge=0)
    lapses: int = Field(ge=0)


class GlossaryRef(Response):
    """The glossary entry a word was copied from."""

    id: int
    key: str
    passage: str


class Word(Response):
    """A word in the learner's list, where it came from, and its cards."""

    id: int
    hindi: str
    roman: str
    english: str = Field(description="The meaning, as the glossary has it.")
    pos: str
    source: Literal[SOURCES]
    added_at: datetime
    glossary_entry: GlossaryRef | None = Field(description="null once that entry is gone.")
    cards: list[WordCard]


class MyWords(Response):
    """The caller's words, newest first, and how many cards are due."""

    words: list[Word]
    due: int = Field(ge=0, description="Cards due for review now.")


# ---- Authoring (teachers) ----------------------------------------------------------------------
#
# Request bodies here say the JSON types; what the values must be (a question type's rules, a
# set's settings, evidence that names sentences of the passage) the services check, answering
# 422 with each problem's location in ``details``. A 400 means the body is not the shape below.

#: At least one language: what "Hindi, English or both" means in a schema.
_HI_OR_EN = {"anyOf": [{"required": ["hi"]}, {"required": ["en"]}]}
#: What ``str.strip()`` removes, written out: ``\\s`` means other things to other regex engines
#: (the fuzzer's took U+001C for text, the service's strip() for a space).
_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: Some text that is not only spaces.
_NOT_BLANK = f"[^{_SPACES}]"


def _whole(value: Any) -> Any:
    """1.0 is the integer 1 in JSON Schema (and in JavaScript): take it as one."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


QuestionId = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_whole)]


class TitleInput(Request):
    """A title in Hindi, English or both."""

    model_config = ConfigDict(json_schema_extra=_HI_OR_EN)

    hi: str = _absent("Hindi.", max_length=300, pattern=_NOT_BLANK)
    en: str = _absent("English.", max_length=300, pattern=_NOT_BLANK)


class PassageRequest(Request):
    """A new passage from pasted text: the Hindi, its English translation, or both. Paragraphs
    are separated by a blank line; the text is split into sentences and aligned."""

    model_config = ConfigDict(json_schema_extra=_HI_OR_EN)
    invalid_message = "Give title {hi?, en?} and the text as hi and/or en strings."

    title: TitleInput
    hi: str = _absent("The Hindi text.", max_length=MAX_PASTE_CHARS, pattern=_NOT_BLANK)
    en: str = _absent("The English text.", max_length=MAX_PASTE_CHARS, pattern=_NOT_BLANK)


class SentencePairInput(Request):
    """One row of the review table: a Hindi sentence and its translation (empty rows drop)."""

    hi: str = _absent("Hindi.", max_length=5_000)
    en: str = _absent("English.", max_length=5_000)


class FormInput(Request):
    """A Hindi word or phrase; its romanisation is made when left out."""

    hi: str = Field(max_length=200, pattern=_NOT_BLANK)
    roman: str = _absent("Romanisation.", max_length=200)


class GlossaryEntryInput(Request):
    """A glossary entry as the seed article's JSON has it."""

    id: str = _absent(
        "The entry's id, to keep it (and learners' words copied from it) when it changes; "
        "by default its romanised lemma.",
        max_length=70,
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    )
    lemma: FormInput
    forms: list[FormInput] = _absent(
        "Forms as written in the text (default: the lemma); the sentences it occurs in are "
        "found by them.",
        max_length=100,
    )
    en: str = Field(max_length=2_000, pattern=_NOT_BLANK, description="Its meaning in English.")
    pos: str = _absent("Part of speech (default: phrase).", max_length=20)
    gender: Literal["m", "f", ""] = _absent("For nouns.")
    note: str = _absent("A usage note in English.", max_length=2_000)


class PassagePatch(Request):
    """Changes to a passage: each field given replaces what it was."""

    invalid_message = "The changes are not as expected; see details."

    title: TitleInput = _absent("New titles.")
    paragraphs: list[list[SentencePairInput]] = _absent(
        "All the text, reviewed: paragraphs of sentence pairs, in order. Sentences are keyed "
        "p{paragraph}s{position} again; a key that questions cite must remain (409).",
        min_length=1,
        max_length=MAX_SENTENCES,
    )
    glossary: list[GlossaryEntryInput] = _absent(
        "The whole glossary.", max_length=MAX_GLOSSARY_ENTRIES
    )
    status: Literal[STATUSES] = _absent(
        "published: everyone reads it (it needs some text); draft: hidden again (not while a "
        "published set uses it)."
    )


class TextsInput(Request):
    """A text in Hindi, English or both."""

    hi: str = _absent("Hindi.")
    en: str = _absent("English.")


class QuestionFields(Request):
    """The fields every bank question has; its type's own fields (options, answer, value,
    accept, text, pairs, items, source, references …) come beside them, as in a bank file."""

    model_config = ConfigDict(extra="allow")
    invalid_message = "The question's common fields are not as expected; see details."

    id: str = _absent("Your id for it (unique among your questions).", max_length=120)
    name: str = _absent("A title, as GIFT files have.", max_length=200)
    skill: Skill | None = _absent("The skill it trains.")
    points: float = _absent("Points (default 1).", gt=0)
    explanation: TextsInput = _absent("Shown with the results.")
    evidence: list[str] = _absent(
        "Ids of the passage's sentences that hold the answer.", max_length=200
    )


class QuestionRequest(QuestionFields):
    """A new question: a bank-JSON question (PRODUCT.md, "Bank interchange JSON"), checked as
    a one-question bank file would be, and the passage it is about."""

    passage: str | None = _absent("The passage's slug.", max_length=120)
    type: QuestionTypeName
    prompt: TextsInput


class QuestionPatch(QuestionFields):
    """Bank-JSON fields to replace (``prompt`` and the type's fields whole); the question is
    checked again as a whole. A new ``type`` keeps only the common fields."""

    passage: str | None = _absent("Another passage's slug, or null for none.", max_length=120)
    type: QuestionTypeName = _absent("A new type.")
    prompt: TextsInput = _absent("The prompt.")


def _settings_schema() -> dict:
    """The settings a set takes, as JSON Schema (the service checks them: 422 and details)."""
    count = {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 10_000}, {"type": "null"}]}
    return {
        "type": "object",
        "description": "How the set is taken; each setting left out keeps its value (or the "
        "default).",
        "properties": {
            "prompt_language": {"enum": list(PROMPT_LANGUAGES)},
            "shuffle": {"type": "boolean", "description": "Questions in a random order."},
            "shuffle_options": {"type": "boolean"},
            "one_per_page": {"type": "boolean"},
            "attempts_allowed": {**count, "description": "null: unlimited."},
            "time_limit_minutes": {**count, "description": "null: no time limit."},
            "feedback": {"enum": list(FEEDBACK_TIMINGS)},
            "feedback_detail": {"enum": list(FEEDBACK_DETAILS)},
        },
        "additionalProperties": False,
    }


SettingsInput = Annotated[dict[str, Any], WithJsonSchema(_settings_schema())]


class QuestionSetRequest(Request):
    """A new set of questions the caller may see (their own, or published ones), in order."""

    invalid_message = "Give title {hi?, en?}, question_ids and optionally passage and settings."

    title: TitleInput
    passage: str | None = _absent("The passage's slug.", max_length=120)
    question_ids: list[QuestionId] = Field(
        max_length=1_000, json_schema_extra={"uniqueItems": True}
    )
    settings: SettingsInput = _absent("Settings (defaults for those left out).")


class QuestionSetPatch(Request):
    """Changes to a set: each field given replaces what it was."""

    invalid_message = "The changes are not as expected; see details."

    title: TitleInput = _absent("New titles.")
    passage: str | None = _absent("The passage's slug, or null.", max_length=120)
    question_ids: list[QuestionId] = _absent(
        "The questions, in their new order.",
        max_length=1_000,
        schema_extra={"uniqueItems": True},
    )
    settings: SettingsInput = _absent("Settings to change.")
    status: Literal[STATUSES] = _absent(
        "published: learners see it, and its draft questions are published with it (its "
        "passage must be published, 422 otherwise); draft: hidden again."
    )


class BankQuestion(Response):
    """A question in the bank-JSON shape (PRODUCT.md, "Bank interchange JSON"), answer key
    included: the common fields, then its type's fields."""

    model_config = ConfigDict(extra="allow")

    id: str = _absent("The owner's id for it; re-importing it updates the question.")
    name: str = _absent("A title (from GIFT).")
    type: QuestionTypeName
    skill: Skill = _absent("The skill it trains.")
    points: float = _absent("Points, when not 1.", gt=0)
    prompt: SomeLanguages
    explanation: SomeLanguages = _absent("Shown with the results.")
    evidence: list[str] = _absent("Ids of the sentences that hold the answer.")


class AuthoredQuestion(Response):
    """A question as its teacher edits it: ids, state, and the bank-JSON question."""

    id: int
    external_id: str = Field(description="The bank id (``question.id``).")
    status: Literal[QUESTION_STATUSES] = Field(
        description="archived: answered once, then deleted; results keep it."
    )
    passage: str | None = Field(description="The passage's slug.")
    origin_id: int | None = Field(description="The question this one was copied from.")
    editable: bool = Field(description="The caller may change it (theirs, or an admin).")
    updated_at: datetime
    question: BankQuestion


class DeletedQuestion(Response):
    """What deleting did: a question someone answered is archived, so results stay intact."""

    id: int
    outcome: Literal["deleted", "archived"]


class DraftQuestions(Response):
    """Questions proposed from the passage's text and glossary; nothing is stored."""

    questions: list[BankQuestion]


class AuthoredSet(QuestionSetSummary):
    """A set as its teacher edits it: the summary, its question ids in order, its origin."""

    question_ids: list[int]
    origin_id: int | None = Field(description="The set this one was copied from.")
    editable: bool = Field(description="The caller may change it (theirs, or an admin).")


class GlossarySuggestion(Response):
    """A word of the passage not in its glossary yet, worth an entry."""

    hi: str
    roman: str
    sentences: list[str] = Field(description="Ids of the sentences it occurs in.")
    count: int = Field(ge=1, description="How often it occurs.")


class NewPassage(PassageDetail):
    """A passage just made (a draft): its aligned sentences, with those to check marked,
    glossary suggestions, and the aligner's warnings."""

    glossary_suggestions: list[GlossarySuggestion]
    warnings: list[str]


class BankIssue(Response):
    """A problem in a bank file: where (a line, a JSON path) and what."""

    location: str
    message: str
    severity: Literal["error", "warning"]


class ImportedSet(Response):
    """The set a bank file describes, as imported."""

    id: int | None = Field(description="null in a dry run.")
    title: str
    state: Literal["created", "updated", "unchanged"]


class ImportSummary(Response):
    """What an import did, or would do (a dry run): question ids by outcome, the set, warnings
    (questions skipped, feedback GIFT could not keep, …)."""

    format: Literal["json", "gift"]
    dry_run: bool
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    types: dict[str, int] = Field(description="How many questions of each type.")
    set: ImportedSet | None
    answers_remapped: int = Field(
        ge=0, description="Saved answers re-pointed because their options moved."
    )
    warnings: list[BankIssue]


class BankExport(Response):
    """A bank file: save ``content`` as ``filename``."""

    format: Literal["json", "gift"]
    filename: str
    content: str
    warnings: list[BankIssue] = Field(description="Questions GIFT cannot hold (left out).")


# ---- Live lessons ------------------------------------------------------------------------------


class LiveStartRequest(Request):
    """The set to run live."""

    invalid_message = 'Give the set as {"question_set_id": <id>}.'

    question_set_id: QuestionId


class LiveOpenRequest(Request):
    """Which question to open: the next one unless ``index`` is given (the body may be empty)."""

    invalid_message = 'Give the question\'s position as {"index": <0-based integer>} or nothing.'

    index: Annotated[int, Field(ge=0, le=10_000), BeforeValidator(_whole)] | None = None


class LiveAnswerRequest(Request):
    """An answer to the open question."""

    invalid_message = 'Give the answer as {"question_id": <id>, "answer": ...}.'

    question_id: QuestionId
    answer: Any = Field(
        description="In the question type's shape, against the lists as the lesson shows them "
        "(mcq and multi: the options' canonical `index`; matching and ordering: positions in "
        "the lists shown)."
    )


class LiveStarted(Response):
    """A live lesson just started: it waits for the first question."""

    id: int
    state: Literal["waiting"]


class LiveEvidence(Response):
    """A sentence of the passage that holds the evidence."""

    id: str
    hi: str
    en: str


class LiveQuestion(LearnerQuestion):
    """The open (or just closed) question as the whole room sees it: one order of options
    and items for every phone and the projector; never the key."""

    evidence: list[LiveEvidence] = Field(description="The passage's evidence sentences.")


class LivePlayer(Response):
    """A learner in the lesson, as the teacher sees them."""

    id: int
    name: str = Field(description="The roster name, else the username.")
    hidden: bool = Field(description="Hidden from the projector by the teacher.")
    answered: bool = Field(description="Has answered the current question.")


class LiveResult(Response):
    """How the caller's answer to the closed question went (correctness only)."""

    correct: bool
    score: float = Field(ge=0, le=1)


class LiveScore(Response):
    """The caller's lesson so far: right answers among the questions they could answer."""

    correct: int = Field(ge=0)
    answered: int = Field(ge=0)
    asked: int = Field(ge=0, description="Questions opened since they joined.")
    not_attempted: int = Field(ge=0, description="Opened before they joined: not wrong.")


class LiveState(Response):
    """A live lesson as the caller sees it. Keys and results appear only once the teacher
    closes the question."""

    id: int
    class_id: int
    question_set_id: int
    state: Literal[LIVE_STATES]
    index: int | None = Field(description="0-based position of the current question.")
    count: int = Field(ge=1, description="How many questions the lesson has.")
    version: int = Field(description="Bumped by every change of state.")
    question: LiveQuestion | None = Field(description="null before the first and at the end.")
    histogram: list[dict[str, Any]] = _absent(
        "Once closed: per option in the order shown {index, count} (mcq, multi), "
        "{value, count} for true and false, or the answers given, most frequent first."
    )
    correct_answer: Any = _absent("Once closed: a right answer, in the shape answers take.")
    answered: int = _absent("The teacher's view: answers to the current question.", ge=0)
    players: int = _absent("The teacher's view: learners who joined.", ge=0)
    player_list: list[LivePlayer] = _absent("The teacher's view: the learners who joined.")
    join_code: str = _absent("The teacher's view: the class's join code.")
    leaderboard: bool = _absent("The teacher's view: whether the projector shows scores.")
    joined_at_index: int | None = _absent("A learner's view: the position they joined at.")
    your_answer: Any = _absent("A learner's view: their answer to the current question.")
    your_result: LiveResult | None = _absent(
        "A learner's view, once closed: how their answer went (null: not answered)."
    )
    your_score: LiveScore = _absent("A learner's view, once a question closed.")


class LiveAnswerSaved(Response):
    """The answer is stored; the last one before the question closes counts."""

    question_id: int
    saved_at: datetime


# ---- Classes -------------------------------------------------------------------------------


class ClassRequest(Request):
    """A new class: its name, and the IANA time zone its dates are in (Asia/Kolkata if left
    out)."""

    invalid_message = 'Give the class as {"name": ..., "time_zone"?: ...}.'
    messages_by_error = {"literal_error": "Unknown time zone; use an IANA name like Asia/Kolkata."}

    name: str = Field(min_length=1, max_length=120, pattern=_NOT_BLANK)
    time_zone: Literal[time_zones()] = _absent("An IANA time zone, such as Asia/Kolkata.")


class JoinRequest(Request):
    """A class code as a learner typed it (any case, with or without the dash)."""

    invalid_message = 'Give the class code as {"code": "BCD-FGH"}.'

    code: str = Field(max_length=64, examples=["BCD-FGH"])


class ClassMemberOut(Response):
    """A learner of a class."""

    id: int
    username: str
    name: str = Field(description="The roster's name (display name), else the username.")
    joined_at: datetime


class ClassOut(Response):
    """A class. Its teacher (and admins) also get the code, link and learner count; a learner
    sees the name and time zone of a class they are in."""

    id: int
    name: str
    time_zone: str
    archived: bool
    join_code: str = _absent("The canonical code (teachers).", examples=["BCDFGH"])
    join_url: str = _absent("The link learners open to join (teachers).")
    learners: int = _absent("How many learners are in it (teachers).", ge=0)
    members: list[ClassMemberOut] = _absent("The learners (one class, its teacher).")


class ClassList(Response):
    """A teacher's own classes, or the classes a learner is in."""

    classes: list[ClassOut]


class JoinedClass(Response):
    """The class joined (or already joined: joining twice changes nothing)."""

    id: int
    name: str
    joined: bool = Field(description="False when the learner was in the class already.")


# ---- Assignments and the gradebook -------------------------------------------------------------

AssignmentStatus = Literal["not_open", "to_do", "due_soon", "late", "done", "done_late"]
#: A date-time with the class's UTC offset (ISO 8601), or null for none.
ZonedTime = Annotated[str | None, Field(description="ISO 8601 with the class's UTC offset.")]


class AssignmentRequest(Request):
    """A question set to give a class, with optional dates (ISO 8601; a date-time without an
    offset is read in the class's time zone)."""

    invalid_message = (
        'Give {"question_set_id": <id>, "open_at"?: "2026-12-05T09:00", '
        '"due_at"?: "2026-12-05T23:59+05:30"}.'
    )

    question_set_id: QuestionId
    open_at: str | None = Field(default=None, max_length=40, examples=["2026-12-01T09:00"])
    due_at: str | None = Field(default=None, max_length=40, examples=["2026-12-05T23:59+05:30"])


class AssignedSet(Response):
    """A question set named by id and titles."""

    id: int
    title: Localised


class AssignmentInfo(Response):
    """A question set assigned to a class."""

    id: int
    class_id: int
    question_set: AssignedSet
    open_at: ZonedTime
    due_at: ZonedTime
    time_zone: str = Field(description="The class's IANA time zone.", examples=["Asia/Kolkata"])


class AssignmentList(Response):
    """A class's assignments, soonest due first."""

    assignments: list[AssignmentInfo]


class AssignedClass(Response):
    """A class named by id and name."""

    id: int
    name: str


class MyAssignment(Response):
    """An assignment of one of the caller's classes and where the caller stands with it."""

    assignment_id: int
    #: "class" is a Python keyword; the JSON field is "class".
    class_: AssignedClass = Field(alias="class")
    question_set: AssignedSet
    open_at: ZonedTime
    due_at: ZonedTime
    time_zone: str
    status: AssignmentStatus = Field(
        description="not_open: before the open date; to_do; due_soon: due within 48 hours; "
        "late: the due date passed with nothing submitted; done: submitted by the due date; "
        "done_late: submitted only after it."
    )
    best_score: Percent = Field(description="Best percent of the submitted attempts that count.")
    attempts: int = Field(ge=0, description="Submitted attempts that count (retries do not).")


class MyAssignments(Response):
    """The caller's assignments: not done first, soonest due first."""

    assignments: list[MyAssignment]


class GradebookClass(Response):
    """The gradebook's class."""

    id: int
    name: str
    time_zone: str


class GradebookLearner(Response):
    """A row of the gradebook."""

    id: int
    name: str = Field(description="The roster name, else the username.")
    username: str
    average: Percent = Field(description="Mean of the learner's best scores that exist.")


class GradebookAssignment(Response):
    """A column of the gradebook."""

    id: int
    question_set: AssignedSet
    due_at: ZonedTime
    average: Percent = Field(description="Mean of the learners' best scores that exist.")


class GradebookCell(Response):
    """A learner's standing with an assignment they tried (cells not listed: not tried)."""

    learner_id: int
    assignment_id: int
    best_score: Percent
    attempts: int = Field(ge=1)
    late: bool = Field(description="No attempt was submitted by the due date.")


class Gradebook(Response):
    """Learners × assignments with best scores, attempts and late marks."""

    class_: GradebookClass = Field(alias="class")
    learners: list[GradebookLearner]
    assignments: list[GradebookAssignment]
    cells: list[GradebookCell]


# ---- Item analysis and regrading (issue 14) ----------------------------------------------------


class AnalysisFlag(Response):
    """A plain-language warning about a figure (Moodle's thresholds)."""

    code: str = Field(examples=["discrimination_negative"])
    level: Literal["warning", "notice"]
    message: Localised
    value: float | None = Field(description="The figure that raised it, on its own scale.")
    threshold: float | None
    n: int = Field(ge=0, description="Attempts behind the figure.")


class AnalysisSet(Response):
    """Statistics of the attempt totals, in marks (CIC and error ratio: percents)."""

    n: int = Field(ge=0, description="Attempts counted.")
    item_count: int = Field(ge=0)
    max_total: float
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None = Field(description="Cronbach's alpha as Moodle's CIC, in percent.")
    error_ratio: float | None
    standard_error: float | None
    flags: list[AnalysisFlag]


class AnalysisOption(Response):
    """How often one option was chosen, overall and in the top and bottom 27%."""

    index: int = Field(ge=0, description="Canonical index, as in the question's spec.")
    label: SomeLanguages
    correct: bool
    count: int = Field(ge=0)
    top: int = Field(ge=0)
    bottom: int = Field(ge=0)
    flags: list[AnalysisFlag]


class AnalysisAnswer(Response):
    """Typed answers sharing a comparison key: the most frequent spelling and the count."""

    text: str
    count: int = Field(ge=1)


class AnalysisItem(Response):
    """Moodle's statistics of one question: fractions 0..1 (facility, sd, random guess score)
    and percents (weights, discrimination index and efficiency); null where not computable."""

    position: int = Field(ge=1)
    question_id: int
    type: QuestionTypeName
    prompt: SomeLanguages
    n: int = Field(ge=0)
    max_mark: float
    facility: float | None
    sd: float | None
    random_guess_score: float | None
    intended_weight: float | None
    effective_weight: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    n_top: int = Field(ge=0)
    n_bottom: int = Field(ge=0)
    options: list[AnalysisOption]
    wrong_answers: list[AnalysisAnswer]
    flags: list[AnalysisFlag]


class ItemAnalysisOut(Response):
    """The item analysis of a set over the attempts the caller may see."""

    question_set_id: int
    class_id: int | None
    attempts: Literal["first", "all"]
    group_size: int = Field(ge=0, description="Attempts in each of the top and bottom groups.")
    set: AnalysisSet
    items: list[AnalysisItem]


class OverrideRequest(Request):
    """A teacher's score for one typed answer, 0..1 of the question, and a note."""

    invalid_message = "Give score as a number from 0 to 1 and note as text."

    score: float = Field(ge=0, le=1, allow_inf_nan=False)
    note: str = Field(default="", max_length=500)


class OverriddenAnswer(Response):
    """The answer as changed, and its attempt's new total."""

    attempt_id: int
    question_id: int
    score: float = Field(ge=0, le=1, description="The teacher's score, 0..1.")
    graded_score: float | None = Field(description="The grader's score, kept.")
    note: str
    attempt_score: float | None
    attempt_max_score: float | None


class AcceptRequest(Request):
    """A typed answer to add to a short-answer question's accepted answers."""

    invalid_message = "Give answer as text."

    answer: str = Field(min_length=1, max_length=200)


class AcceptResult(Response):
    """What accepting an answer for everyone did."""

    regraded: int = Field(ge=0, description="Finished answers graded again.")
    changed: int = Field(ge=0, description="How many of them changed score.")
    now_right: int = Field(ge=0)
