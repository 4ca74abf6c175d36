"""Property tests of the API against its own OpenAPI spec (schemathesis + Hypothesis).

For requests generated from the spec, valid and invalid alike, every answer must be one the
spec documents (status, content type, body schema, headers) and never a server error. URLs in
generated bodies go to a MockTransport that answers 404, behind a fake DNS: nothing leaves
the process.
"""

from __future__ import annotations

import httpx
import pytest
from hypothesis import HealthCheck, settings

from serve_support import PUBLIC_IP, Recorder, fetch_module, make_app
from unspin.serve.app import warm_up

schemathesis = pytest.importorskip("schemathesis")

API_KEY = "k" * 24
app = make_app(
    api_key=API_KEY,
    fetch_client=Recorder(lambda r: httpx.Response(404)).client,
    max_article_chars=2_000,  # keeps any generated text that gets analysed small
)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(autouse=True)
def offline_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_module, "resolve_host", lambda host, port: [PUBLIC_IP])


@pytest.fixture(scope="module", autouse=True)
def model_loaded() -> None:
    """Load the NLP model first: schemathesis's own follow-up requests wait at most 10 s."""
    warm_up()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_keeps_its_spec(case: schemathesis.Case) -> None:
    # Valid-looking input can still be unreadable (not English, a URL that 404s): a 422 with
    # a reason is the documented answer then, so "valid data must get a 2xx" does not apply.
    case.call_and_validate(
        headers={"X-API-Key": API_KEY},
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
        timeout=120,
    )
