import pytest

import scoring


@pytest.mark.parametrize("n", [150_000, 160_000, 170_000, 180_000])
def test_crunch(n):
    assert scoring.crunch(n) > 0


@pytest.mark.parametrize("seconds", [0.05, 0.06, 0.07, 0.08])
def test_nap(seconds):
    assert scoring.nap(seconds) == seconds
