"""The plain values a question bank file becomes: frozen dataclasses, issues and the error.

Parsers (bank JSON, GIFT) produce these; ``validate_bank`` checks them; services apply them.
Nothing here knows about files, Flask or the database.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

from quizapp.core.grading.registry import SKILLS as SKILL_LABELS

#: The ``format`` value of bank JSON files this package reads and writes.
FORMAT_ID = "quizapp.bank.v1"

#: Largest bank file accepted, checked before anything is decoded or parsed.
MAX_BANK_BYTES = 5 * 1024 * 1024

#: Most questions one bank file may hold (reading stops there, with an error).
MAX_QUESTIONS = 10_000

#: The skills a question may train.
SKILLS = tuple(SKILL_LABELS)

#: Languages of bilingual texts, in the order quizapp prefers them.
LANGUAGES = ("hi", "en")

#: Fields every bank question has; everything else in a question object is its type's spec.
COMMON_FIELDS = ("id", "name", "type", "prompt", "explanation", "evidence", "skill", "points")

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One problem in a bank file: where (``line 14``, ``questions[3].prompt``) and what."""

    location: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class BankFormatError(ValueError):
    """A bank file that cannot be imported; ``issues`` holds every error found, not the first."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


@dataclass(frozen=True, kw_only=True)
class QuestionData:
    """One question of a bank; ``spec`` holds only its type-specific fields (see grading)."""

    id: str | None = None
    type: str
    prompt: dict[str, str]
    explanation: dict[str, str] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()
    skill: str | None = None
    points: float = 1.0
    spec: dict[str, Any] = field(default_factory=dict)
    #: Where the question came from ("line 12", "questions[3]"): for messages, not compared.
    source: str = field(default="", compare=False)
    #: The GIFT question title, if any.
    name: str | None = None


@dataclass(frozen=True, kw_only=True)
class SetData:
    """The question set a bank describes: its title and settings; questions in file order."""

    id: str | None = None
    title: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Bank:
    """A whole bank file: the passage it is about, an optional set, and its questions."""

    passage: str | None = None
    set: SetData | None = None
    questions: tuple[QuestionData, ...] = ()


@dataclass(frozen=True, kw_only=True)
class LoadResult:
    """A bank that parsed and validated, the warnings met on the way, and the file's format."""

    bank: Bank
    warnings: list[Issue]
    format: Literal["json", "gift"]
