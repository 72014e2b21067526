"""The Hindi interface keeps one word per idea: the glossary in quizapp/translations/README.md.

A teacher reading the Hindi pages noticed "Reader" as पाठक (a person), glossary and vocabulary
both as शब्दावली, true/false statements marked सही/ग़लत like verdicts, क्विज़ both masculine and
feminine, and -इए imperatives beside -एँ ones. Each row below is one rule of that glossary
that a machine can check, so a new string cannot quietly bring the old words back.
"""

import ast
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
HI_CATALOG = ROOT / "quizapp" / "translations" / "hi" / "LC_MESSAGES" / "messages.po"
GRADING = ROOT / "quizapp" / "core" / "grading"
SEED_QUESTIONS = ROOT / "quizapp" / "questions" / "seed"

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


def _messages() -> list[tuple[str, tuple[str, ...]]]:
    """(English msgid, its Hindi strings) for every entry; placeholders dropped from the id."""
    with open(HI_CATALOG, "rb") as f:
        catalog = read_po(f, locale="hi")
    rows = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        rows.append((PLACEHOLDER.sub("", " ".join(ids)), tuple(strings)))
    return rows


MESSAGES = _messages()

#: English words in a msgid -> Hindi its translation must use (any one of), and must not use.
TERMS = [
    # English (regex on msgid)           must contain                 must not contain
    (r"\breader\b", ("पठन", "पढ़"), ("पाठक",)),
    (r"\bglossary\b", ("शब्दार्थ",), ("शब्दावली", "शब्दकोश")),
    (r"\bvocabulary\b", ("शब्द-भंडार",), ("शब्दावली",)),
    (r"\bmiss(ed)?\b", ("सही न",), ("छूट", "छोड़")),
    (r"\bscores?\b", ("स्कोर",), ()),
    (r"\bpoints\b|\bpoint on\b", ("अंक",), ("स्कोर",)),
    (r"\bpage\b", ("पृष्ठ",), ("पेज",)),
    (r"\bfeedback\b", ("प्रतिक्रिया",), ()),
    (r"\bromanisation\b", ("रोमन लिपि",), ()),
    (r"\bLatin letters\b", ("रोमन अक्षर",), ("लैटिन",)),
    (r"\binference\b", ("निष्कर्ष",), ("अनुमान",)),
    (r"\bdisplay\b", ("प्रदर्शन",), ()),
    (r"\bblanks?\b", ("रिक्त स्थान",), ("खाली जगह",)),
]

#: Whole labels whose word is fixed: statements are सत्य/असत्य, verdicts सही/ग़लत.
EXACT = {
    "True": "सत्य",
    "False": "असत्य",
    "Correct": "सही",
    "Incorrect": "ग़लत",
    "Glossary": "शब्दार्थ",
    "Vocabulary": "शब्द-भंडार",
    "Inference": "निष्कर्ष निकालना",
    "Score": "स्कोर",
    "Points": "अंक",
    "Romanisation": "रोमन लिपि",
    "Display": "प्रदर्शन",
    "Quiz": "क्विज़",
}

#: Words ending in -िए/-इए that are not the polite imperative (for, done, given, needed, via).
NOT_IMPERATIVE = ("लिए", "किए", "दिए", "चाहिए", "ज़रिए", "जरिए")

#: Anything nearby that would make क्विज़ masculine (का/के before it, पूरा/हुआ/गया after it).
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![^\s“‘(])", r"(?![^\s”’।,:)])"
MASCULINE_QUIZ = re.compile(
    _EDGE_BEFORE
    + r"(?:का|के|पहला|पहले|अपना|अपने|पिछला|पिछले|पूरा|पूरे|किया|हुआ|गया|गए|वाला|वाले|अच्छा)"
    + r"\s+(?:(?:%\(\w+\)[sd]|\d+)\s+)?क्विज़"
    + "|क्विज़(?:ों)?\\s+(?:पूरा|पूरे|हुआ|हुए|दिया|किया|गया|गए|गिना|गिने|आता|आते)"
    + _EDGE_AFTER
)


def _imperatives(text: str) -> list[str]:
    """Devanagari words in ``text`` that look like -इए/-इएगा polite imperatives."""
    words = re.findall(r"[\u0900-\u0963\u0966-\u097f]+", text)  # not the danda
    return [
        word
        for word in words
        if re.search(r"(?:िए|इए)(?:गा)?$", word) and not word.endswith(NOT_IMPERATIVE)
    ]


def _global_problems(text: str) -> list[str]:
    """Rules for every Hindi UI string, whatever its English says."""
    problems = [f"-इए imperative {word!r} (use -एँ/-ें)" for word in _imperatives(text)]
    if match := MASCULINE_QUIZ.search(text):
        problems.append(f"क्विज़ is feminine: {match.group()!r}")
    for wrong, right in (("गलत", "ग़लत"), ("एं", "एँ"), ("अनुमान", "निष्कर्ष"), ("पेज", "पृष्ठ")):
        if wrong in text:
            problems.append(f"{wrong!r}: write {right!r}")
    return problems


@pytest.mark.parametrize(("english", "required", "forbidden"), TERMS, ids=[t[0] for t in TERMS])
def test_term_is_translated_one_way(english, required, forbidden):
    pattern = re.compile(english, re.IGNORECASE)
    matched = [(msgid, strings) for msgid, strings in MESSAGES if pattern.search(msgid)]
    assert matched, f"no msgid matches {english}: update the glossary rule"
    for msgid, strings in matched:
        for text in strings:
            assert any(word in text for word in required), f"{msgid!r}: {text!r} lacks {required}"
            assert not any(word in text for word in forbidden), f"{msgid!r}: {text!r}"


@pytest.mark.parametrize(("english", "hindi"), EXACT.items(), ids=list(EXACT))
def test_label_has_its_glossary_word(english, hindi):
    assert (english, (hindi,)) in MESSAGES


def test_catalog_follows_the_register_rules():
    problems = [
        f"{msgid!r}: {problem}"
        for msgid, strings in MESSAGES
        for text in strings
        for problem in _global_problems(text)
    ]
    assert problems == []


def _grading_hindi(tree: ast.AST) -> list[str]:
    """The Hindi a learner reads: ``Localized(hi=...)`` and the Hindi message of ``malformed``.

    Docstrings and word lists (negations, conjunctions, normalised keys) are not UI text.
    """
    texts = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        name = getattr(call.func, "id", getattr(call.func, "attr", ""))
        parts = [kw.value for kw in call.keywords if name == "Localized" and kw.arg == "hi"]
        parts += call.args[1:2] if name == "malformed" else []
        for part in parts:
            texts += [
                node.value
                for node in ast.walk(part)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            ]
    return texts


def test_grading_feedback_follows_the_register_rules():
    """The Hindi that grading modules return as feedback or errors follows the same rules."""
    problems = []
    for path in sorted(GRADING.glob("*.py")):
        for text in _grading_hindi(ast.parse(path.read_text(encoding="utf-8"))):
            problems += [f"{path.name}: {problem}" for problem in _global_problems(text)]
    assert problems == []


def test_grading_hindi_is_found():
    """The scan above sees the shared feedback texts, so a pass means something."""
    found = _grading_hindi(ast.parse((GRADING / "common.py").read_text(encoding="utf-8")))
    assert "सही उत्तर!" in found and "उत्तर के रूप में टेक्स्ट अपेक्षित था।" in found


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("खाली जगह भरिए।", "-इए"),
        ("अपने उत्तर जाँच लीजिए", "-इए"),
        ("अपना पहला क्विज़ पूरा करें", "feminine"),
        ("पूरा किया गया क्विज़", "feminine"),
        ("आपके पिछले 5 क्विज़ का औसत", "feminine"),
        ("कई गलत पासवर्ड", "ग़लत"),
        ("खाता बनाएं", "एँ"),
    ],
)
def test_the_rules_catch_the_old_mistakes(text, problem):
    assert any(problem in found for found in _global_problems(text))


@pytest.mark.parametrize(
    "text",
    [
        "पढ़ने के लिए कोई पाठ चुनें",
        "अभ्यास चाहिए",
        "API के ज़रिए",
        "प्रश्नों के उत्तर दिए",
        "क्विज़ का पृष्ठ",
        "अपनी पहली क्विज़ पूरी करें",
        "पिछली %(num)d क्विज़ों का औसत",
        "इस क्विज़ के बारे में",
    ],
)
def test_the_rules_let_good_hindi_pass(text):
    assert _global_problems(text) == []


def test_seeded_prompts_use_the_same_imperative():
    """The seeded questions' Hindi prompts sit beside the interface's buttons: one register."""
    problems = []
    for path in sorted(SEED_QUESTIONS.glob("*.json")):
        for question in json.loads(path.read_text(encoding="utf-8"))["questions"]:
            hindi = question["prompt"].get("hi", "")
            problems += [f"{question['id']}: {word}" for word in _imperatives(hindi)]
    assert problems == []
