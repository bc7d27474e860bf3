"""The few GitHub REST calls ``modeltrail pr`` makes, with errors a person can act on.

The token lives in a :class:`Token`, whose ``repr`` and ``str`` never show it, and
every message built from a response or an exception is scrubbed of it, so it cannot
reach a log, a traceback or the terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

DEFAULT_API_URL = "https://api.github.com"
_TIMEOUT_S = 30


class GitHubError(RuntimeError):
    """A failed call; the message is safe to print (no token)."""


@dataclass(frozen=True, slots=True)
class Token:
    value: str = field(repr=False)

    def __repr__(self) -> str:
        return "Token('***')"

    __str__ = __repr__

    @staticmethod
    def from_env(env: Mapping[str, str]) -> "Token | None":
        for name in ("GITHUB_TOKEN", "GH_TOKEN"):
            value = env.get(name, "").strip()
            if value:
                return Token(value)
        return None


def scrub(text: str, token: Token | None) -> str:
    """``text`` without the token, and without credentials embedded in URLs."""
    text = re.sub(r"(://)[^/@\s:]+(?::[^/@\s]*)?@", r"\1***@", text)
    if token is not None and token.value:
        text = text.replace(token.value, "***")
    return text


_REMOTE = (
    re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/]+@)?[^/]+/(?P<owner>[^/]+)/(?P<name>[^/]+?)(?:\.git)?/?$"),
    re.compile(r"^[^@/:]+@[^:/]+:(?P<owner>[^/]+)/(?P<name>[^/]+?)(?:\.git)?/?$"),
)


def repo_from_remote(url: str) -> str | None:
    """``owner/name`` from a GitHub remote URL (https, ssh or scp-like); None otherwise."""
    for pattern in _REMOTE:
        m = pattern.match(url.strip())
        if m and not url.startswith("file:"):
            return f"{m.group('owner')}/{m.group('name')}"
    return None


class GitHub:
    def __init__(self, api_url: str, token: Token, *, session: Any = None) -> None:
        import requests  # only the pr command pays for importing requests

        self.api_url = api_url.rstrip("/")
        self.token = token
        self.session = session or requests.Session()
        self.session.headers.update({
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "modeltrail",
        })

    def __repr__(self) -> str:
        return f"GitHub({self.api_url!r}, {self.token!r})"

    def call(self, method: str, path: str, *, json: Any = None,
             params: Mapping[str, str] | None = None) -> Any:
        import requests

        try:
            response = self.session.request(
                method, self.api_url + path, json=json, params=params, timeout=_TIMEOUT_S,
                headers={"Authorization": f"Bearer {self.token.value}"})
        except requests.RequestException as exc:
            raise GitHubError(scrub(f"cannot reach {self.api_url} ({type(exc).__name__}: {exc})",
                                    self.token)) from None
        if response.status_code >= 400:
            raise GitHubError(scrub(_explain(method, path, response), self.token))
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    # -- the calls modeltrail needs -------------------------------------------------
    def open_pull(self, repo: str, branch: str) -> dict[str, Any] | None:
        owner = repo.split("/", 1)[0]
        pulls = self.call("GET", f"/repos/{repo}/pulls",
                          params={"state": "open", "head": f"{owner}:{branch}", "per_page": "100"})
        for pull in pulls or []:
            if pull.get("head", {}).get("ref") == branch:
                return dict(pull)
        return None

    def create_pull(self, repo: str, *, title: str, head: str, base: str, body: str) -> dict[str, Any]:
        return dict(self.call("POST", f"/repos/{repo}/pulls", json={
            "title": title, "head": head, "base": base, "body": body,
            "maintainer_can_modify": True}))

    def update_pull(self, repo: str, number: int, *, title: str, body: str) -> dict[str, Any]:
        return dict(self.call("PATCH", f"/repos/{repo}/pulls/{number}",
                              json={"title": title, "body": body}))

    def add_labels(self, repo: str, number: int, labels: list[str]) -> None:
        self.call("POST", f"/repos/{repo}/issues/{number}/labels", json={"labels": labels})


def _explain(method: str, path: str, response: Any) -> str:
    status = response.status_code
    try:
        data = response.json()
    except ValueError:
        data = {}
    message = str(data.get("message") or response.reason or "").strip() if isinstance(data, dict) else ""
    where = f"{method} {path}"
    retry = response.headers.get("Retry-After")
    remaining = response.headers.get("X-RateLimit-Remaining")
    if status == 429 or (status == 403 and (retry is not None or remaining == "0")):
        if retry is not None:
            wait = f"retry after {retry} seconds"
        else:
            reset = response.headers.get("X-RateLimit-Reset", "")
            wait = ("retry after " + dt.datetime.fromtimestamp(int(reset), dt.timezone.utc)
                    .strftime("%H:%M:%S UTC")) if reset.isdigit() else "retry later"
        return f"GitHub rate limit hit ({status}) on {where}: {wait}"
    if status == 401:
        return (f"GitHub rejected the token (401 {message or 'Unauthorized'}) on {where}: check "
                "GITHUB_TOKEN or GH_TOKEN")
    if status == 422:
        details = []
        if isinstance(data, dict):
            for err in data.get("errors") or []:
                details.append(str(err.get("message") or err) if isinstance(err, dict) else str(err))
        extra = f": {'; '.join(details)}" if details else ""
        return f"GitHub could not process {where} (422 {message or 'Unprocessable Entity'}){extra}"
    if status == 404:
        return (f"GitHub answered 404 on {where}: the repository does not exist or the token "
                "cannot see it")
    return f"GitHub answered {status} on {where}: {message or 'no message'}"
