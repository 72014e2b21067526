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
        "components": {"schemas": SCHEMAS},
    }
