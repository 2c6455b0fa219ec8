# Fixture for rules_file.test: `acme` is unknown to the bundled rules. Line numbers are checked.
import acme


async def handler(url):
    return acme.fetch(url)


def sync_caller(url):
    return acme.fetch(url)
