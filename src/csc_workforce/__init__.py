"""csc-workforce: workforce records, the DfE CSWW census and workforce measures for children's social care."""

__version__ = "0.1.0"
