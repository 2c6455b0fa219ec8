import time


def fetch():
    time.sleep(1)
    return 1
