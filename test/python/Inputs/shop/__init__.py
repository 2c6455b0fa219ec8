"""A small package: re-exports the helpers the handlers use."""
from .core.net import load_price as price_of
from .core import stats
