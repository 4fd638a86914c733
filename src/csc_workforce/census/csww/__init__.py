"""The DfE Children's Social Work Workforce (CSWW) census: schemas by year, reader, validator and writer.

Public interface::

    read_census(data, *, name="") -> ReadResult      # typed return + every issue (schema and business rules)
    validate_return(ret) -> list[Issue]              # business rules on a typed return (importers)
    write_census(ret) -> bytes                       # XML for the return's collection year
    RULES                                            # the catalogue of issue codes
"""

from csc_workforce.census.csww.reader import ReadResult, read_census, validate_census
from csc_workforce.census.csww.rules import validate_return
from csc_workforce.census.csww.schema import supported_years
from csc_workforce.census.csww.writer import CensusWriteError, write_census
from csc_workforce.domain.catalogue import RULES, Rule, rule

__all__ = [
    "RULES",
    "CensusWriteError",
    "ReadResult",
    "Rule",
    "read_census",
    "rule",
    "supported_years",
    "validate_census",
    "validate_return",
    "write_census",
]
