"""Errors unspin raises for problems a user can fix.

    UnspinError                 base: the CLI prints ``str(err)`` on one line, exits non-zero
    ├── InputError              an input can't be read as an article (names the input)
    │   ├── EmptyInputError         no text at all, or no article text in the page
    │   ├── BinaryInputError        not text
    │   ├── InputTooLargeError      over the size cap
    │   ├── UnsupportedLanguageError  not English
    │   └── FetchError              a URL could not be fetched (unreachable, not HTML, too big)
    ├── OutputError             the report can't be written where --output points
    └── ModelError              the NLP model or lexical data could not be loaded

Each error has a stable code (``E1xx``) so people can search for it.
"""

from __future__ import annotations


class UnspinError(Exception):
    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"


class InputError(UnspinError):
    code = "E100"

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class EmptyInputError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class InputTooLargeError(InputError):
    code = "E103"


class UnsupportedLanguageError(InputError):
    code = "E104"


class FetchError(InputError):
    code = "E105"


class OutputError(UnspinError):
    code = "E110"

    def __init__(self, target: str, problem: str) -> None:
        self.target = target
        self.problem = problem
        super().__init__(f"{target}: {problem}")


class ModelError(UnspinError):
    code = "E200"


__all__ = [
    "BinaryInputError",
    "EmptyInputError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "ModelError",
    "OutputError",
    "UnspinError",
    "UnsupportedLanguageError",
]
