"""Teachers' authoring: passages, questions and sets they write, import and export."""
