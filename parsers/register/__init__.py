"""The register of parties, ministries and people, and the stage that applies it to a letter.

Data: parsers/register/data/{parties,ministries,people}.toml (sources named in each file).
Code: ``normalize`` (print differences folded away), ``model`` (typed entries, load checks),
``resolve`` (printed form + context -> entry, with rapidfuzz for OCR damage), ``annotate``
(the pipeline stage: canonical keys beside the printed names).
"""

from parsers.register.annotate import annotate, default_register
from parsers.register.model import RegisterData, load_data
from parsers.register.resolve import PersonMatch, Register

__all__ = [
    "PersonMatch",
    "Register",
    "RegisterData",
    "annotate",
    "default_register",
    "load_data",
]
