"""Small synchronous HTTP helpers shared by the scraper, the batch jobs and the API."""
import requests

USER_AGENT = "newsroom-bot/1.4 (+https://newsroom.example/bot)"
TIMEOUT = 10

# One connection pool for the whole process; used through get_json().
session = requests.Session()
session.headers["User-Agent"] = USER_AGENT


def fetch_page(url: str) -> str:
    """Download one page and return its HTML (blocks until the response is read)."""
    resp = requests.get(url, headers={"User-Agent": USER_AGENT}, timeout=TIMEOUT)
    resp.raise_for_status()
    return resp.text


def get_json(url: str) -> dict:
    """GET a JSON document through the shared session."""
    resp = session.get(url, timeout=TIMEOUT)
    resp.raise_for_status()
    return resp.json()


class Fetcher:
    """Client for one partner site, with its own session and API token."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def fetch(self, path: str) -> str:
        """Download one article of this partner."""
        resp = self.session.get(f"{self.base_url}/{path.lstrip('/')}", timeout=TIMEOUT)
        resp.raise_for_status()
        return resp.text
