from helpers import fetch


async def handle():
    return fetch()
