"""The OpenAPI 3.1 document for /api/v1. Later features add their paths and schemas here."""

LOCALISED = {
    "type": "object",
    "properties": {"hi": {"type": "string"}, "en": {"type": "string"}},
}

SCHEMAS: dict[str, dict] = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
    },
    "Localised": LOCALISED,
    "PassageSummary": {
        "type": "object",
        "required": ["slug", "title", "summary", "level", "version", "url", "reader_url"],
        "properties": {
            "slug": {"type": "string", "examples": ["blinken-lavrov-reykjavik"]},
            "title": {"$ref": "#/components/schemas/Localised"},
            "summary": {"$ref": "#/components/schemas/Localised"},
            "level": {"type": "string", "description": "Rough CEFR level of the Hindi text."},
            "version": {"type": "integer", "description": "Bumped on every content change."},
            "url": {"type": "string", "description": "This passage in the API."},
            "reader_url": {"type": "string", "description": "This passage in the reader."},
        },
    },
    "Sentence": {
        "type": "object",
        "required": ["id", "hi", "en", "roman"],
        "properties": {
            "id": {
                "type": "string",
                "pattern": "^p[0-9]+s[0-9]+$",
                "description": "Stable id, p{paragraph}s{sentence}; questions cite it.",
            },
            "hi": {"type": "string", "description": "The Hindi sentence, NFC, as published."},
            "en": {"type": "string", "description": "Its English translation."},
            "roman": {"type": "string", "description": "Hindi-style romanisation."},
        },
    },
    "Paragraph": {
        "type": "object",
        "required": ["number", "sentences"],
        "properties": {
            "number": {"type": "integer", "minimum": 1},
            "sentences": {"type": "array", "items": {"$ref": "#/components/schemas/Sentence"}},
        },
    },
    "GlossaryEntry": {
        "type": "object",
        "required": ["id", "lemma", "forms", "pos", "meaning", "sentences"],
        "properties": {
            "id": {"type": "string"},
            "lemma": {
                "type": "object",
                "properties": {"hi": {"type": "string"}, "roman": {"type": "string"}},
            },
            "forms": {
                "type": "array",
                "description": "Surface forms as they appear in the text.",
                "items": {
                    "type": "object",
                    "properties": {"hi": {"type": "string"}, "roman": {"type": "string"}},
                },
            },
            "pos": {"type": "string", "description": "Part of speech."},
            "gender": {"type": ["string", "null"], "enum": ["m", "f", None]},
            "meaning": {"$ref": "#/components/schemas/Localised"},
            "note": {"oneOf": [{"$ref": "#/components/schemas/Localised"}, {"type": "null"}]},
            "sentences": {"type": "array", "items": {"type": "string"}},
        },
    },
    "PassageDetail": {
        "allOf": [
            {"$ref": "#/components/schemas/PassageSummary"},
            {
                "type": "object",
                "required": ["paragraphs", "glossary"],
                "properties": {
                    "paragraphs": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Paragraph"},
                    },
                    "glossary": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/GlossaryEntry"},
                    },
                },
            },
        ]
    },
}


SCHEMAS.update(
    {
        "TokenRequest": {
            "type": "object",
            "required": ["username", "password"],
            "properties": {
                "username": {"type": "string"},
                "password": {"type": "string"},
                "name": {"type": "string", "description": "A label for the token."},
            },
        },
        "Token": {
            "type": "object",
            "required": ["token", "token_type"],
            "properties": {
                "token": {"type": "string", "description": "Shown once; send as Bearer."},
                "token_type": {"type": "string", "enum": ["Bearer"]},
            },
        },
        "QuestionSetSummary": {
            "type": "object",
            "required": ["id", "title", "question_count", "skills", "settings"],
            "properties": {
                "id": {"type": "integer"},
                "title": {"$ref": "#/components/schemas/Localised"},
                "passage": {"type": ["string", "null"], "description": "Passage slug."},
                "status": {"type": "string", "enum": ["draft", "published"]},
                "question_count": {"type": "integer"},
                "points": {"type": "number"},
                "skills": {"type": "array", "items": {"type": "string"}},
                "settings": {
                    "type": "object",
                    "properties": {
                        "prompt_language": {"type": "string", "enum": ["hi", "en", "both"]},
                        "shuffle": {"type": "boolean"},
                        "attempts_allowed": {"type": ["integer", "null"]},
                        "time_limit_minutes": {"type": ["integer", "null"]},
                        "feedback": {
                            "type": "string",
                            "enum": ["immediate", "after_submit", "after_due", "never"],
                        },
                    },
                },
            },
        },
        "LearnerQuestion": {
            "type": "object",
            "description": "A question before submission. Type-specific public fields "
            "(options without correctness, cloze text with numbered blanks, matching sides, "
            "ordering items, translation source) follow; never an answer key.",
            "required": ["id", "type", "prompt", "points"],
            "properties": {
                "id": {"type": "integer"},
                "type": {
                    "type": "string",
                    "enum": [
                        "mcq",
                        "multi",
                        "true_false",
                        "numeric",
                        "short_answer",
                        "cloze",
                        "matching",
                        "ordering",
                        "translation",
                    ],
                },
                "prompt": {"$ref": "#/components/schemas/Localised"},
                "skill": {"type": ["string", "null"]},
                "points": {"type": "number"},
            },
            "additionalProperties": True,
        },
        "QuestionSetDetail": {
            "allOf": [
                {"$ref": "#/components/schemas/QuestionSetSummary"},
                {
                    "type": "object",
                    "required": ["questions"],
                    "properties": {
                        "questions": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/LearnerQuestion"},
                        }
                    },
                },
            ]
        },
        "PreviewRequest": {
            "type": "object",
            "required": ["answer"],
            "properties": {"answer": {"description": "An answer in the question type's shape."}},
        },
        "GradeResult": {
            "type": "object",
            "required": ["score", "correct", "feedback"],
            "properties": {
                "score": {"type": "number", "minimum": 0, "maximum": 1},
                "correct": {"type": "boolean"},
                "near_miss": {"type": "boolean"},
                "feedback": {"$ref": "#/components/schemas/Localised"},
                "error": {
                    "oneOf": [{"$ref": "#/components/schemas/Localised"}, {"type": "null"}],
                    "description": "Set when the answer had the wrong shape.",
                },
                "parts": {"type": "array", "items": {"type": "object"}},
            },
        },
    }
)


def _json(schema_ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}


PATHS: dict[str, dict] = {
    "/passages": {
        "get": {
            "operationId": "listPassages",
            "summary": "List the passages",
            "tags": ["passages"],
            "responses": {
                "200": {
                    "description": "The passages, without their text.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["passages"],
                                "properties": {
                                    "passages": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/PassageSummary"},
                                    }
                                },
                            }
                        }
                    },
                }
            },
        }
    },
    "/passages/{slug}": {
        "get": {
            "operationId": "getPassage",
            "summary": "One passage: aligned sentences by paragraph, and its glossary",
            "tags": ["passages"],
            "parameters": [
                {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {"description": "The passage.", "content": _json("PassageDetail")},
                "404": {"description": "No such passage.", "content": _json("Error")},
            },
        }
    },
}


PATHS.update(
    {
        "/tokens": {
            "post": {
                "operationId": "createToken",
                "summary": "Exchange a username and password for a bearer token",
                "tags": ["auth"],
                "security": [],
                "requestBody": {"required": True, "content": _json("TokenRequest")},
                "responses": {
                    "201": {"description": "A new token.", "content": _json("Token")},
                    "400": {"description": "Malformed body.", "content": _json("Error")},
                    "401": {"description": "Wrong credentials.", "content": _json("Error")},
                },
            }
        },
        "/question-sets": {
            "get": {
                "operationId": "listQuestionSets",
                "summary": "Question sets the caller may see",
                "tags": ["questions"],
                "responses": {
                    "200": {
                        "description": "Published sets, plus the caller's own drafts.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "question_sets": {
                                            "type": "array",
                                            "items": {
                                                "$ref": "#/components/schemas/QuestionSetSummary"
                                            },
                                        }
                                    },
                                }
                            }
                        },
                    }
                },
            }
        },
        "/question-sets/{set_id}": {
            "get": {
                "operationId": "getQuestionSet",
                "summary": "One set with its questions, without answer keys",
                "tags": ["questions"],
                "parameters": [
                    {
                        "name": "set_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {
                    "200": {"description": "The set.", "content": _json("QuestionSetDetail")},
                    "404": {"description": "No such set.", "content": _json("Error")},
                },
            }
        },
        "/questions/{question_id}/preview": {
            "post": {
                "operationId": "previewAnswer",
                "summary": "Grade an answer without recording it (teachers)",
                "tags": ["questions"],
                "security": [{"bearer": []}],
                "parameters": [
                    {
                        "name": "question_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "requestBody": {"required": True, "content": _json("PreviewRequest")},
                "responses": {
                    "200": {"description": "The grading.", "content": _json("GradeResult")},
                    "400": {"description": "Malformed body.", "content": _json("Error")},
                    "401": {"description": "No valid token.", "content": _json("Error")},
                    "403": {"description": "Not a teacher.", "content": _json("Error")},
                    "404": {"description": "No such question.", "content": _json("Error")},
                },
            }
        },
    }
)


SCHEMAS.update(
    {
        "QuestionResult": {
            "type": "object",
            "properties": {
                "question_id": {"type": "integer"},
                "score": {"type": "number", "minimum": 0, "maximum": 1},
                "points": {"type": "number"},
                "earned": {"type": "number"},
                "correct": {"type": "boolean"},
                "near_miss": {"type": "boolean"},
                "answer": {"description": "The answer as given (shown order)."},
                "correct_answer": {"description": "A correct answer, in the shown order."},
                "feedback": {"$ref": "#/components/schemas/Localised"},
                "explanation": {"$ref": "#/components/schemas/Localised"},
                "evidence": {"type": "array", "items": {"type": "string"}},
            },
        },
        "Attempt": {
            "type": "object",
            "required": ["id", "state", "question_set_id", "questions", "answers"],
            "properties": {
                "id": {"type": "integer"},
                "state": {"type": "string", "enum": ["in_progress", "submitted"]},
                "question_set_id": {"type": "integer"},
                "retry_of": {"type": ["integer", "null"]},
                "started_at": {"type": "string", "format": "date-time"},
                "deadline_at": {"type": ["string", "null"], "format": "date-time"},
                "submitted_at": {"type": ["string", "null"], "format": "date-time"},
                "finished_by": {"type": ["string", "null"], "enum": ["submitted", "expired", None]},
                "questions": {
                    "type": "array",
                    "description": "In the order shown; ordering items and matching rights "
                    "are shuffled and answers index into the shown lists.",
                    "items": {"$ref": "#/components/schemas/LearnerQuestion"},
                },
                "answers": {
                    "type": "object",
                    "description": "Saved answers by question id.",
                    "additionalProperties": True,
                },
                "score": {"type": "number"},
                "max_score": {"type": "number"},
                "results": {
                    "oneOf": [
                        {"type": "array", "items": {"$ref": "#/components/schemas/QuestionResult"}},
                        {"type": "null"},
                    ],
                    "description": "Once submitted, when the set's feedback setting allows.",
                },
            },
        },
        "AnswerRequest": {
            "type": "object",
            "required": ["answer"],
            "properties": {"answer": {"description": "In the question type's answer shape."}},
        },
        "AnswerSaved": {
            "type": "object",
            "properties": {
                "question_id": {"type": "integer"},
                "saved_at": {"type": "string", "format": "date-time"},
            },
        },
    }
)

_BEARER = [{"bearer": []}]


def _id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


_ERRORS = {
    "401": {"description": "No valid token.", "content": _json("Error")},
    "404": {"description": "Not found, or not the caller's.", "content": _json("Error")},
}

PATHS.update(
    {
        "/question-sets/{set_id}/attempts": {
            "post": {
                "operationId": "startAttempt",
                "summary": "Start an attempt, or resume the caller's attempt in progress",
                "tags": ["attempts"],
                "security": _BEARER,
                "parameters": [_id("set_id")],
                "responses": {
                    "201": {"description": "A new attempt.", "content": _json("Attempt")},
                    "200": {"description": "The attempt in progress.", "content": _json("Attempt")},
                    "403": {"description": "No attempts left.", "content": _json("Error")},
                    **_ERRORS,
                },
            }
        },
        "/attempts/{attempt_id}": {
            "get": {
                "operationId": "getAttempt",
                "summary": "State, saved answers, and results once submitted",
                "tags": ["attempts"],
                "security": _BEARER,
                "parameters": [_id("attempt_id")],
                "responses": {
                    "200": {"description": "The attempt.", "content": _json("Attempt")},
                    **_ERRORS,
                },
            }
        },
        "/attempts/{attempt_id}/answers/{question_id}": {
            "put": {
                "operationId": "saveAnswer",
                "summary": "Autosave one answer",
                "tags": ["attempts"],
                "security": _BEARER,
                "parameters": [_id("attempt_id"), _id("question_id")],
                "requestBody": {"required": True, "content": _json("AnswerRequest")},
                "responses": {
                    "200": {"description": "Saved.", "content": _json("AnswerSaved")},
                    "400": {"description": "Malformed body.", "content": _json("Error")},
                    "409": {"description": "The attempt is finished.", "content": _json("Error")},
                    "422": {"description": "Wrong answer shape.", "content": _json("Error")},
                    **_ERRORS,
                },
            }
        },
        "/attempts/{attempt_id}/submit": {
            "post": {
                "operationId": "submitAttempt",
                "summary": "Grade and finish the attempt (a repeat submit changes nothing)",
                "tags": ["attempts"],
                "security": _BEARER,
                "parameters": [_id("attempt_id")],
                "responses": {
                    "200": {"description": "The finished attempt.", "content": _json("Attempt")},
                    **_ERRORS,
                },
            }
        },
    }
)


# ---- Tokens: listing and revoking ----------------------------------------------------------------

SCHEMAS.update(
    {
        "TokenInfo": {
            "type": "object",
            "description": "A token as its owner sees it listed: never the token or its hash.",
            "required": ["id", "name", "created_at", "last_used_at", "revoked_at"],
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "created_at": {"type": "string", "format": "date-time"},
                "last_used_at": {
                    "type": ["string", "null"],
                    "format": "date-time",
                    "description": "Updated at most once a minute.",
                },
                "revoked_at": {"type": ["string", "null"], "format": "date-time"},
            },
        },
    }
)

PATHS["/tokens"]["post"]["responses"]["429"] = {
    "description": "Too many wrong passwords for this account in a row: no password is checked "
    "until the time in the Retry-After header (seconds) has passed.",
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": _json("Error"),
}
PATHS["/tokens"]["get"] = {
    "operationId": "listTokens",
    "summary": "The caller's API tokens, revoked ones included, newest first",
    "tags": ["auth"],
    "security": _BEARER,
    "responses": {
        "200": {
            "description": "The tokens.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["tokens"],
                        "properties": {
                            "tokens": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/TokenInfo"},
                            }
                        },
                    }
                }
            },
        },
        "401": _ERRORS["401"],
    },
}
PATHS["/tokens/{token_id}"] = {
    "delete": {
        "operationId": "revokeToken",
        "summary": "Revoke one of the caller's tokens; it stops working at once",
        "tags": ["auth"],
        "security": _BEARER,
        "parameters": [_id("token_id")],
        "responses": {
            "200": {"description": "The revoked token.", "content": _json("TokenInfo")},
            **_ERRORS,
        },
    }
}


_PERCENT = {"type": ["number", "null"], "minimum": 0, "maximum": 100}
_LEVEL = {"type": "string", "enum": ["not_started", "learning", "good", "mastered"]}
_SKILL = {
    "type": "string",
    "enum": ["vocabulary", "literal", "inference", "main_idea", "translation"],
}
_SET_REF = {
    "set_id": {"type": "integer"},
    "title": {"$ref": "#/components/schemas/Localised"},
    "url": {"type": ["string", "null"], "description": "The set's page; null if unavailable."},
}

SCHEMAS.update(
    {
        "Progress": {
            "type": "object",
            "description": "The caller's progress from their finished attempts; definitions "
            "in quizapp/core/progress.py. Percents are 0..100, one decimal; days are in "
            "`time_zone`.",
            "required": [
                "today",
                "summary",
                "history",
                "skills",
                "mastery",
                "streak",
                "time_spent",
                "practise_next",
            ],
            "properties": {
                "today": {"type": "string", "format": "date"},
                "time_zone": {"type": "string"},
                "thresholds": {
                    "type": "object",
                    "properties": {
                        "good": {"type": "number"},
                        "mastered": {"type": "number"},
                        "recent_attempts": {"type": "integer"},
                    },
                },
                "summary": {
                    "type": "object",
                    "properties": {
                        "quizzes_finished": {"type": "integer"},
                        "retries_finished": {"type": "integer"},
                        "questions_answered": {"type": "integer"},
                        "average_of": {"type": "integer"},
                        "recent_average": _PERCENT,
                        "previous_average": _PERCENT,
                    },
                },
                "history": {
                    "type": "array",
                    "description": "Whole attempts (not retries), oldest first.",
                    "items": {
                        "type": "object",
                        "properties": {
                            "attempt_id": {"type": "integer"},
                            **_SET_REF,
                            "finished_at": {"type": "string", "format": "date-time"},
                            "date": {"type": "string", "format": "date"},
                            "percent": _PERCENT,
                        },
                    },
                },
                "skills": {
                    "type": "array",
                    "description": "All five skills, always.",
                    "items": {
                        "type": "object",
                        "properties": {
                            "skill": _SKILL,
                            "questions": {"type": "integer"},
                            "earned": {"type": "number"},
                            "possible": {"type": "number"},
                            "percent": _PERCENT,
                            "level": _LEVEL,
                        },
                    },
                },
                "mastery": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "passage": {"type": ["string", "null"]},
                            "title": {"$ref": "#/components/schemas/Localised"},
                            "percent": _PERCENT,
                            "level": _LEVEL,
                            "sets": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        **_SET_REF,
                                        "attempts": {"type": "integer"},
                                        "percent": _PERCENT,
                                        "level": _LEVEL,
                                        "last_percent": _PERCENT,
                                        "last_finished_at": {
                                            "type": ["string", "null"],
                                            "format": "date-time",
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
                "streak": {
                    "type": "object",
                    "properties": {
                        "current": {"type": "integer"},
                        "longest": {"type": "integer"},
                        "active_today": {"type": "boolean"},
                        "recent_days": {"type": "integer"},
                        "active_recent_days": {"type": "integer"},
                        "days": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "date": {"type": "string", "format": "date"},
                                    "active": {"type": "boolean"},
                                },
                            },
                        },
                    },
                },
                "time_spent": {
                    "type": "object",
                    "properties": {
                        "total_minutes": {"type": "number"},
                        "recent_days": {"type": "integer"},
                        "recent_minutes": {"type": "number"},
                        "attempts": {"type": "integer"},
                    },
                },
                "practise_next": {
                    "type": "object",
                    "properties": {
                        "reason": {"type": "string", "enum": ["weakest_skill", "get_started"]},
                        "skill": {"oneOf": [_SKILL, {"type": "null"}]},
                        "skill_percent": _PERCENT,
                        "untried": {"type": "array", "items": _SKILL},
                        "sets": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    **_SET_REF,
                                    "questions": {"type": "integer"},
                                    "percent": _PERCENT,
                                    "level": _LEVEL,
                                },
                            },
                        },
                    },
                },
            },
        }
    }
)

PATHS.update(
    {
        "/me/progress": {
            "get": {
                "operationId": "getMyProgress",
                "summary": "The caller's progress: history, skills, mastery, streak, time",
                "tags": ["progress"],
                "security": _BEARER,
                "responses": {
                    "200": {"description": "The progress.", "content": _json("Progress")},
                    "401": _ERRORS["401"],
                },
            }
        }
    }
)


# ---- My words --------------------------------------------------------------------------------

SCHEMAS.update(
    {
        "WordCard": {
            "type": "object",
            "description": "One direction of a word and its spaced-repetition (FSRS) schedule.",
            "required": ["id", "direction", "due", "last_review", "reps", "lapses"],
            "properties": {
                "id": {"type": "integer"},
                "direction": {
                    "type": "string",
                    "enum": ["hi_en", "en_hi"],
                    "description": "hi_en: Hindi shown, English answered; en_hi the other way.",
                },
                "due": {"type": "string", "format": "date-time"},
                "last_review": {"type": ["string", "null"], "format": "date-time"},
                "reps": {"type": "integer", "minimum": 0},
                "lapses": {"type": "integer", "minimum": 0},
            },
        },
        "Word": {
            "type": "object",
            "required": [
                "id",
                "hindi",
                "roman",
                "english",
                "pos",
                "source",
                "added_at",
                "glossary_entry",
                "cards",
            ],
            "properties": {
                "id": {"type": "integer"},
                "hindi": {"type": "string"},
                "roman": {"type": "string"},
                "english": {
                    "type": "string",
                    "description": "The meaning, as the glossary has it.",
                },
                "pos": {"type": "string"},
                "source": {"type": "string", "enum": ["reader", "missed_question"]},
                "added_at": {"type": "string", "format": "date-time"},
                "glossary_entry": {
                    "type": ["object", "null"],
                    "description": "The entry it was copied from; null once that is gone.",
                    "properties": {
                        "id": {"type": "integer"},
                        "key": {"type": "string"},
                        "passage": {"type": "string"},
                    },
                },
                "cards": {"type": "array", "items": {"$ref": "#/components/schemas/WordCard"}},
            },
        },
        "MyWords": {
            "type": "object",
            "required": ["words", "due"],
            "properties": {
                "words": {"type": "array", "items": {"$ref": "#/components/schemas/Word"}},
                "due": {"type": "integer", "description": "Cards due for review now."},
            },
        },
    }
)

PATHS["/me/words"] = {
    "get": {
        "operationId": "getMyWords",
        "summary": "The caller's word list (My words), newest first, with each card's schedule",
        "tags": ["words"],
        "security": _BEARER,
        "responses": {
            "200": {"description": "The words.", "content": _json("MyWords")},
            "401": _ERRORS["401"],
        },
    }
}


def openapi_document(server_url: str = "/api/v1") -> dict:
    """The whole document; built fresh so callers may not mutate shared state."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "quizapp API",
            "version": "1.0.0",
            "description": "Bilingual Hindi/English reading passages and quizzes. "
            "Errors are JSON objects with `error` and `message`.",
        },
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
