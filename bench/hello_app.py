"""The baseline: a bare Flask "hello" route, served exactly like quizapp in the benchmarks."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """The cheapest possible Flask response."""
    return "Hello, World!"
